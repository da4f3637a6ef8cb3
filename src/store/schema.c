/*
 * The SQL schema of the store, and its documentation: every table and
 * column is commented here, inside its CREATE statement, where SQLite keeps
 * the comments, so `sqlite3 tally.db .schema` shows them to a manager.
 * One string per table (ISO C caps a string literal at 4095 bytes).
 * A schema change is a new migration step appended to `steps` (never edit
 * a released step); tly_store_open applies the steps a file lacks.
 */
#include "store/schema.h"

/*
 * Version 1: the foundation (boxes and image-level labels).
 * Conventions: ids are INTEGER PRIMARY KEYs; names compare bytewise (the
 * BINARY collation); times are ISO 8601 UTC text ("2024-05-01T12:00:00Z");
 * a NULL figure means "undefined" (NaN in memory, null in JSON reports);
 * kinds are readable text. Result tables key their rows by run and by the
 * store ids of images, annotators and categories, which are never deleted,
 * so an old run still reads correctly after later ingests.
 */
static const char *const schema_v1[] = {
	"CREATE TABLE images (\n"
	"  -- Images, identified across annotators by file basename (SPEC 3).\n"
	"  id     INTEGER PRIMARY KEY,  -- store id, never reused\n"
	"  name   TEXT NOT NULL UNIQUE,  -- file basename, case-sensitive\n"
	"  width  INTEGER NOT NULL DEFAULT 0 CHECK (width >= 0),  -- pixels; 0 = no input gave it\n"
	"  height INTEGER NOT NULL DEFAULT 0 CHECK (height >= 0)  -- pixels; 0 = no input gave it\n"
	");\n",
	"CREATE TABLE annotators (\n"
	"  -- People (or tools) who labelled; first seen first.\n"
	"  id   INTEGER PRIMARY KEY,  -- store id, never reused\n"
	"  name TEXT NOT NULL UNIQUE  -- from the file, or --annotator\n"
	");\n",
	"CREATE TABLE categories (\n"
	"  -- Labels (classes), identified by name across files; first seen first.\n"
	"  id   INTEGER PRIMARY KEY,  -- store id, never reused\n"
	"  name TEXT NOT NULL UNIQUE  -- the label as the files spell it, case-sensitive\n"
	");\n",
	"CREATE TABLE sources (\n"
	"  -- One row per ingested file. Re-ingesting a file with the same content,\n"
	"  -- --annotator and --gold changes nothing (SPEC 2).\n"
	"  id                 INTEGER PRIMARY KEY,  -- store id\n"
	"  path               TEXT NOT NULL,  -- the file as given on the command line\n"
	"  sha256             TEXT NOT NULL,  -- content hash, 64 lowercase hex digits\n"
	"  format             TEXT NOT NULL,  -- reader used: 'coco', 'labelme', 'csv'\n"
	"  annotator_override TEXT NOT NULL DEFAULT '',  -- --annotator given; '' when none\n"
	"  gold               INTEGER NOT NULL CHECK (gold IN (0, 1)),  -- 1: ingested with --gold\n"
	"  repairs            INTEGER NOT NULL DEFAULT 0,  -- documented repairs the reader made\n"
	"  ingested_at        TEXT NOT NULL,  -- when it was stored, ISO 8601 UTC\n"
	"  UNIQUE (sha256, annotator_override, gold)\n"
	");\n",
	"CREATE TABLE submissions (\n"
	"  -- One annotator's answer for one image and task, also when it holds\n"
	"  -- nothing: an empty submission is a vote for \"nothing here\" (SPEC 3).\n"
	"  -- A newer file with the same (image, annotator, task, gold) replaces the\n"
	"  -- answer: the row keeps its id, points at the newer source, and its\n"
	"  -- objects and tags are rewritten.\n"
	"  id           INTEGER PRIMARY KEY,  -- store id; kept when the answer is replaced\n"
	"  image_id     INTEGER NOT NULL REFERENCES images(id),  -- the image answered\n"
	"  annotator_id INTEGER NOT NULL REFERENCES annotators(id),  -- who answered\n"
	"  task         TEXT NOT NULL CHECK (task IN ('objects', 'labels')),  -- objects: boxes; labels: image-level labels\n"
	"  gold         INTEGER NOT NULL CHECK (gold IN (0, 1)),  -- 1: reference labels, audited against, never vote\n"
	"  source_id    INTEGER NOT NULL REFERENCES sources(id),  -- the file the current answer came from\n"
	"  submitted_at TEXT,  -- ISO 8601 UTC as the file gives it; NULL when it gives none\n"
	"  ingested_at  TEXT NOT NULL,  -- when the current answer was stored\n"
	"  UNIQUE (image_id, annotator_id, task, gold)\n"
	");\n"
	"CREATE INDEX submissions_source ON submissions(source_id);\n",
	"CREATE TABLE objects (\n"
	"  -- Spatial objects of objects submissions. AUTOINCREMENT: an id is never\n"
	"  -- reused after a replacement, so ids in past runs stay unambiguous.\n"
	"  id            INTEGER PRIMARY KEY AUTOINCREMENT,  -- stable; breaks matching ties\n"
	"  submission_id INTEGER NOT NULL REFERENCES submissions(id),  -- the answer it belongs to (task 'objects')\n"
	"  category_id   INTEGER NOT NULL REFERENCES categories(id),  -- the label the annotator gave\n"
	"  kind          TEXT NOT NULL CHECK (kind IN ('box', 'polygon', 'mask', 'point')),  -- shape; x, y, w, h hold its bounding box\n"
	"  x             REAL NOT NULL,  -- left edge, pixels: the box is COCO [x, y, w, h], top-left origin, no +1\n"
	"  y             REAL NOT NULL,  -- top edge, pixels (polygons and masks: their tight bounding box)\n"
	"  w             REAL NOT NULL CHECK (w >= 0),  -- width, pixels\n"
	"  h             REAL NOT NULL CHECK (h >= 0),  -- height, pixels\n"
	"  iscrowd       INTEGER NOT NULL DEFAULT 0,  -- COCO iscrowd flag as ingested\n"
	"  source_ref    TEXT,  -- where in the file, e.g. 'annotations[3]'; NULL when unknown\n"
	"  extra_json    TEXT   -- format-specific geometry (polygon, RLE) kept for later stages; NULL when none\n"
	");\n"
	"CREATE INDEX objects_submission ON objects(submission_id);\n",
	"CREATE TABLE tags (\n"
	"  -- Image-level labels of labels submissions (several = multi-label).\n"
	"  id            INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, as for objects\n"
	"  submission_id INTEGER NOT NULL REFERENCES submissions(id),  -- the answer it belongs to (task 'labels')\n"
	"  category_id   INTEGER NOT NULL REFERENCES categories(id),  -- the label given\n"
	"  UNIQUE (submission_id, category_id)\n"
	");\n",
	"CREATE TABLE runs (\n"
	"  -- One row per `tally run`: the rules it used, its timings and sizes.\n"
	"  id                  INTEGER PRIMARY KEY AUTOINCREMENT,  -- run id, as in `tally report --run ID`\n"
	"  created_at          TEXT NOT NULL,  -- ISO 8601 UTC\n"
	"  rules_json          TEXT NOT NULL,  -- the effective rules, canonical JSON\n"
	"  rules_sha256        TEXT NOT NULL,  -- SHA-256 of rules_json, hex\n"
	"  threads             INTEGER NOT NULL,  -- OpenMP threads (results do not depend on it)\n"
	"  seconds_load        REAL,  -- wall-clock seconds loading the dataset; NULL unknown\n"
	"  seconds_compute     REAL,  -- matching, voting and agreement\n"
	"  seconds_save        REAL,  -- the save itself, timed by the store up to its COMMIT\n"
	"  n_images            INTEGER NOT NULL,  -- dataset the run read: images,\n"
	"  n_annotators        INTEGER NOT NULL,  --   annotators,\n"
	"  n_categories        INTEGER NOT NULL,  --   categories,\n"
	"  n_submissions       INTEGER NOT NULL,  --   submissions,\n"
	"  n_objects           INTEGER NOT NULL,  --   objects,\n"
	"  n_tags              INTEGER NOT NULL,  --   image-level labels\n"
	"  n_consensus_objects INTEGER NOT NULL,  -- what it found: rows in consensus_objects,\n"
	"  n_consensus_tags    INTEGER NOT NULL,  --   consensus_tags,\n"
	"  n_conflicts         INTEGER NOT NULL,  --   conflicts,\n"
	"  n_flagged           INTEGER NOT NULL   --   images flagged for review\n"
	");\n",
	"CREATE TABLE consensus_objects (\n"
	"  -- Voted objects (accepted clusters) of a run, grouped by image in name order.\n"
	"  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  idx          INTEGER NOT NULL,  -- 0-based position in the run; conflicts and members refer to it\n"
	"  image_id     INTEGER NOT NULL REFERENCES images(id),  -- the image\n"
	"  category_id  INTEGER NOT NULL REFERENCES categories(id),  -- the consensus (plurality) label\n"
	"  kind         TEXT NOT NULL CHECK (kind IN ('box', 'polygon', 'mask', 'point')),  -- shape of the consensus\n"
	"  x            REAL NOT NULL,  -- consensus box (median or mean of the members'), COCO [x, y, w, h]: left edge, pixels\n"
	"  y            REAL NOT NULL,  -- top edge, pixels\n"
	"  w            REAL NOT NULL,  -- width, pixels\n"
	"  h            REAL NOT NULL,  -- height, pixels\n"
	"  support      INTEGER NOT NULL,  -- annotators in the cluster\n"
	"  votes        INTEGER NOT NULL,  -- members whose label is the consensus label\n"
	"  voters       INTEGER NOT NULL,  -- annotators with an objects submission on the image (|V|)\n"
	"  confidence   REAL,  -- votes / voters (or a posterior when rules weight votes)\n"
	"  agreement    REAL,  -- mean IoU of the members to the consensus box\n"
	"  first_member INTEGER NOT NULL,  -- consensus_members.idx of its first member\n"
	"  PRIMARY KEY (run_id, idx)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE consensus_members (\n"
	"  -- Who voted for each consensus object: one annotator's object per row.\n"
	"  run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  idx           INTEGER NOT NULL,  -- 0-based position in the run\n"
	"  consensus_idx INTEGER NOT NULL,  -- consensus_objects.idx of its cluster\n"
	"  object_id     INTEGER NOT NULL,  -- objects.id (not a foreign key: the object may since be replaced)\n"
	"  annotator_id  INTEGER NOT NULL REFERENCES annotators(id),  -- who drew the object\n"
	"  category_id   INTEGER NOT NULL REFERENCES categories(id),  -- the label this annotator gave\n"
	"  iou           REAL,  -- IoU of this member to the consensus box\n"
	"  PRIMARY KEY (run_id, idx)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE consensus_tags (\n"
	"  -- Voted image-level labels of a run.\n"
	"  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  idx         INTEGER NOT NULL,  -- 0-based position in the run; conflicts refer to it\n"
	"  image_id    INTEGER NOT NULL REFERENCES images(id),  -- the image\n"
	"  category_id INTEGER NOT NULL REFERENCES categories(id),  -- the voted label\n"
	"  votes       INTEGER NOT NULL,  -- annotators who gave this label\n"
	"  voters      INTEGER NOT NULL,  -- annotators with a labels submission on the image (|V|)\n"
	"  confidence  REAL,  -- votes / voters\n"
	"  PRIMARY KEY (run_id, idx)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE conflicts (\n"
	"  -- Disagreements found by a run, CVAT's vocabulary (SPEC 6).\n"
	"  run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  idx           INTEGER NOT NULL,  -- 0-based position in the run\n"
	"  image_id      INTEGER NOT NULL REFERENCES images(id),  -- the image\n"
	"  kind          TEXT NOT NULL CHECK (kind IN ('missing', 'extra', 'label_mismatch', 'low_overlap', 'tie')),  -- what is wrong (SPEC 6)\n"
	"  task          TEXT NOT NULL CHECK (task IN ('objects', 'labels')),  -- which vote it concerns\n"
	"  annotator_id  INTEGER REFERENCES annotators(id),  -- whose object or label; NULL for a tie\n"
	"  object_id     INTEGER,  -- the annotator's objects.id / tags.id; NULL when none (missing)\n"
	"  consensus_idx INTEGER,  -- consensus_objects.idx (objects) or consensus_tags.idx (labels); NULL when none\n"
	"  category_id   INTEGER REFERENCES categories(id),  -- the annotator's label (missing: the consensus label)\n"
	"  iou           REAL,  -- IoU to the consensus box; NULL when not applicable\n"
	"  PRIMARY KEY (run_id, idx)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE image_stats (\n"
	"  -- Per image figures of a run.\n"
	"  run_id            INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  image_id          INTEGER NOT NULL REFERENCES images(id),  -- the image\n"
	"  voters_objects    INTEGER NOT NULL,  -- |V| for the objects task\n"
	"  voters_labels     INTEGER NOT NULL,  -- |V| for the labels task\n"
	"  agreement         REAL,  -- [0, 1]; NULL when undefined (fewer than 2 voters)\n"
	"  agreement_objects REAL,  -- mean pairwise F1 at match.iou with label match; NULL if n/a\n"
	"  agreement_labels  REAL,  -- mean Jaccard of each voter's labels with the consensus; NULL if n/a\n"
	"  flagged           INTEGER NOT NULL CHECK (flagged IN (0, 1)),  -- needs review\n"
	"  n_conflicts       INTEGER NOT NULL,  -- its rows in conflicts for this run\n"
	"  PRIMARY KEY (run_id, image_id)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE annotator_stats (\n"
	"  -- Per annotator audit of a run: counts against the leave-one-out consensus\n"
	"  -- (consensus_*) and against gold (gold_*; gold_images = 0: no gold overlap).\n"
	"  -- tp: matched at match.iou with the same label; fp: own - tp; fn: reference - tp;\n"
	"  -- matched: pairs matched with any label; iou_sum over those pairs;\n"
	"  -- label_correct / label_total: label accuracy. The view annotator_metrics\n"
	"  -- derives precision, recall, F1, mean IoU and label accuracy.\n"
	"  run_id                  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  annotator_id            INTEGER NOT NULL REFERENCES annotators(id),  -- the annotator audited\n"
	"  images_done             INTEGER NOT NULL,  -- images with a non-gold submission\n"
	"  consensus_images        INTEGER NOT NULL,  -- images compared\n"
	"  consensus_tp            INTEGER NOT NULL,  -- matched with the same label\n"
	"  consensus_fp            INTEGER NOT NULL,  -- own objects/labels - tp\n"
	"  consensus_fn            INTEGER NOT NULL,  -- reference objects/labels - tp\n"
	"  consensus_matched       INTEGER NOT NULL,  -- pairs matched at match.iou, any label\n"
	"  consensus_iou_sum       REAL NOT NULL,  -- sum of IoU over matched pairs\n"
	"  consensus_label_correct INTEGER NOT NULL,  -- matched pairs (and labels-task images) with the right label\n"
	"  consensus_label_total   INTEGER NOT NULL,  -- matched pairs (and labels-task images) judged\n"
	"  gold_images             INTEGER NOT NULL,  -- the same against gold: images compared (0 = no gold overlap)\n"
	"  gold_tp                 INTEGER NOT NULL,  -- as consensus_tp\n"
	"  gold_fp                 INTEGER NOT NULL,  -- as consensus_fp\n"
	"  gold_fn                 INTEGER NOT NULL,  -- as consensus_fn\n"
	"  gold_matched            INTEGER NOT NULL,  -- as consensus_matched\n"
	"  gold_iou_sum            REAL NOT NULL,  -- as consensus_iou_sum\n"
	"  gold_label_correct      INTEGER NOT NULL,  -- as consensus_label_correct\n"
	"  gold_label_total        INTEGER NOT NULL,  -- as consensus_label_total\n"
	"  PRIMARY KEY (run_id, annotator_id)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE pair_stats (\n"
	"  -- Per annotator pair (a < b by id, gold excluded) of a run.\n"
	"  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  a_id        INTEGER NOT NULL REFERENCES annotators(id),  -- one annotator (the smaller id)\n"
	"  b_id        INTEGER NOT NULL REFERENCES annotators(id),  -- the other annotator\n"
	"  images      INTEGER NOT NULL,  -- images both submitted objects for\n"
	"  tp          INTEGER NOT NULL,  -- objects matched with the same label\n"
	"  n_a         INTEGER NOT NULL,  -- objects of a on those images\n"
	"  n_b         INTEGER NOT NULL,  -- objects of b on those images\n"
	"  f1          REAL,  -- 2 tp / (n_a + n_b); NULL when no shared image\n"
	"  kappa_items INTEGER NOT NULL,  -- items compared for Cohen's kappa (labels task)\n"
	"  kappa       REAL,  -- Cohen's kappa over image labels; NULL when undefined\n"
	"  PRIMARY KEY (run_id, a_id, b_id)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE class_stats (\n"
	"  -- Per class figures of a run.\n"
	"  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  category_id INTEGER NOT NULL REFERENCES categories(id),  -- the class\n"
	"  support     INTEGER NOT NULL,  -- consensus objects + consensus labels of the class\n"
	"  agreement   REAL,  -- mean confidence of those; NULL when support is 0\n"
	"  mean_iou    REAL,  -- mean agreement (IoU) of its consensus objects; NULL when none\n"
	"  PRIMARY KEY (run_id, category_id)\n"
	") WITHOUT ROWID;\n",
	"CREATE VIEW annotator_metrics AS\n"
	"  -- The audit figures of tally/result.h, per run, annotator and reference\n"
	"  -- ('consensus' or 'gold'); NULL where the denominator is 0.\n"
	"  SELECT s.run_id, a.name AS annotator, 'consensus' AS reference, s.images_done,\n"
	"         s.consensus_images AS images, s.consensus_tp AS tp, s.consensus_fp AS fp,\n"
	"         s.consensus_fn AS fn,\n"
	"         1.0 * s.consensus_tp / NULLIF(s.consensus_tp + s.consensus_fp, 0) AS precision,\n"
	"         1.0 * s.consensus_tp / NULLIF(s.consensus_tp + s.consensus_fn, 0) AS recall,\n"
	"         2.0 * s.consensus_tp / NULLIF(2 * s.consensus_tp + s.consensus_fp + s.consensus_fn, 0) AS f1,\n"
	"         s.consensus_iou_sum / NULLIF(s.consensus_matched, 0) AS mean_iou,\n"
	"         1.0 * s.consensus_label_correct / NULLIF(s.consensus_label_total, 0) AS label_accuracy\n"
	"  FROM annotator_stats s JOIN annotators a ON a.id = s.annotator_id\n"
	"  UNION ALL\n"
	"  SELECT s.run_id, a.name, 'gold', s.images_done,\n"
	"         s.gold_images, s.gold_tp, s.gold_fp, s.gold_fn,\n"
	"         1.0 * s.gold_tp / NULLIF(s.gold_tp + s.gold_fp, 0),\n"
	"         1.0 * s.gold_tp / NULLIF(s.gold_tp + s.gold_fn, 0),\n"
	"         2.0 * s.gold_tp / NULLIF(2 * s.gold_tp + s.gold_fp + s.gold_fn, 0),\n"
	"         s.gold_iou_sum / NULLIF(s.gold_matched, 0),\n"
	"         1.0 * s.gold_label_correct / NULLIF(s.gold_label_total, 0)\n"
	"  FROM annotator_stats s JOIN annotators a ON a.id = s.annotator_id;\n",
	NULL,
};

/*
 * Version 2: instance segmentation. A consensus object voted from masks
 * (kind 'mask') keeps its pixel-wise majority mask as COCO compressed RLE;
 * its x, y, w, h are the mask's bounding box. SQLite appends an added
 * column to the CREATE text as ", <definition>)": a "--" comment would
 * swallow that parenthesis, so these columns carry theirs as block comments.
 */
static const char *const schema_v2[] = {
	"ALTER TABLE consensus_objects ADD COLUMN mask_height INTEGER"
	" /* kind 'mask': the mask's height in pixels; NULL for boxes and points */;\n",
	"ALTER TABLE consensus_objects ADD COLUMN mask_width INTEGER"
	" /* kind 'mask': the mask's width in pixels; NULL otherwise */;\n",
	"ALTER TABLE consensus_objects ADD COLUMN mask_counts TEXT"
	" /* kind 'mask': COCO compressed RLE counts (pycocotools' string), column-major; NULL otherwise */;\n",
	NULL,
};

/*
 * Version 3: run-wide agreement statistics (issue 4), one row per run and
 * named statistic, each with its 95% bootstrap interval.
 */
static const char *const schema_v3[] = {
	"CREATE TABLE run_statistics (\n"
	"  -- Chance-corrected agreement of a run, one row per named statistic.\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  name   TEXT NOT NULL,  -- 'fleiss_kappa' or 'krippendorff_alpha' (nominal, image labels)\n"
	"  value  REAL,  -- the statistic; NULL when undefined\n"
	"  ci_lo  REAL,  -- 95% bootstrap interval over units, lower end; NULL when none\n"
	"  ci_hi  REAL,  -- upper end; NULL when none\n"
	"  n      INTEGER NOT NULL CHECK (n >= 0),  -- units the value is computed from\n"
	"  PRIMARY KEY (run_id, name)\n"
	");\n",
	NULL,
};

/*
 * Version 4: segmentation by label maps (issue 3). Ingested label maps
 * (semantic PNGs, the category layer of COCO panoptic) with the classes
 * their pixel values stand for; a run's consensus map per image and its
 * pixel and panoptic audit. Maps are kept as runs (the byte form of
 * tly_labelmap_to_blob, described in label_maps' comment), never as
 * pixels. Added columns carry block comments, as in version 2.
 */
static const char *const schema_v4[] = {
	"CREATE TABLE label_maps (\n"
	"  -- One annotator's label map of one image: a semantic segmentation PNG, or the\n"
	"  -- category layer of a COCO panoptic PNG. A newer file with the same (image,\n"
	"  -- annotator, gold) replaces the map: the old row and its classes are deleted\n"
	"  -- and the new one gets a new id (AUTOINCREMENT: ids are never reused).\n"
	"  -- A runs BLOB (here and in consensus_maps) is little-endian uint32s: width,\n"
	"  -- height, then one (value, length) pair per run of pixels in row-major order;\n"
	"  -- value 4294967295 is an ignored (void) pixel.\n"
	"  id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- store id\n"
	"  image_id     INTEGER NOT NULL REFERENCES images(id),  -- the image mapped; its size is the map's\n"
	"  annotator_id INTEGER NOT NULL REFERENCES annotators(id),  -- who drew it\n"
	"  gold         INTEGER NOT NULL CHECK (gold IN (0, 1)),  -- 1: a reference map, audited against, never votes\n"
	"  source_id    INTEGER NOT NULL REFERENCES sources(id),  -- the file it came from\n"
	"  source_ref   TEXT,  -- where in the input, e.g. 'masks/a.png'; NULL when unknown\n"
	"  kind         TEXT NOT NULL CHECK (kind IN ('semantic', 'panoptic')),  -- panoptic: its classes say thing or stuff\n"
	"  width        INTEGER NOT NULL CHECK (width >= 0),  -- pixels, = the image's width\n"
	"  height       INTEGER NOT NULL CHECK (height >= 0),  -- pixels, = the image's height\n"
	"  ignore_value INTEGER,  -- the file's ignore (void) pixel value, kept for export; NULL when none\n"
	"  runs         BLOB NOT NULL,  -- the pixels as runs of the file's pixel values (label_map_classes names them)\n"
	"  ingested_at  TEXT NOT NULL,  -- when it was stored, ISO 8601 UTC\n"
	"  UNIQUE (image_id, annotator_id, gold)\n"
	");\n",
	"CREATE TABLE label_map_classes (\n"
	"  -- What each pixel value of a label map stands for: one row per distinct value.\n"
	"  label_map_id INTEGER NOT NULL REFERENCES label_maps(id) ON DELETE CASCADE,  -- the map\n"
	"  value        INTEGER NOT NULL CHECK (value >= 0 AND value < 4294967295),  -- pixel value (semantic) or COCO category id (panoptic)\n"
	"  category_id  INTEGER NOT NULL REFERENCES categories(id),  -- the class, by name across files\n"
	"  isthing      INTEGER CHECK (isthing IN (0, 1)),  -- panoptic: 1 thing, 0 stuff; NULL unknown (semantic)\n"
	"  PRIMARY KEY (label_map_id, value)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE consensus_maps (\n"
	"  -- The consensus label map of each image of a run with a non-gold label map:\n"
	"  -- per-pixel plurality; ties and pixels every voter ignored are 4294967295.\n"
	"  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  image_id    INTEGER NOT NULL REFERENCES images(id),  -- the image\n"
	"  voters      INTEGER NOT NULL,  -- non-gold label maps on the image (|V|)\n"
	"  panoptic    INTEGER NOT NULL CHECK (panoptic IN (0, 1)),  -- 1: some voter's map came from COCO panoptic\n"
	"  tied_pixels INTEGER NOT NULL,  -- pixels left ignore because two or more values tied\n"
	"  runs        BLOB NOT NULL,  -- the map as runs (see label_maps) of categories.id, or 4294967295\n"
	"  confidence  BLOB NOT NULL,  -- runs of round(255 * votes for the consensus value / voters); 0 where ignore\n"
	"  PRIMARY KEY (run_id, image_id)\n"
	");\n",
	"CREATE TABLE pixel_counts (\n"
	"  -- Pixel counts of one annotator's label maps against a reference, per category,\n"
	"  -- summed over images; pixels the reference ignores are not counted. Only\n"
	"  -- non-zero rows. IoU = tp / (tp + fp + fn), Dice = 2 tp / (2 tp + fp + fn).\n"
	"  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  annotator_id INTEGER NOT NULL REFERENCES annotators(id),  -- the annotator audited\n"
	"  reference    TEXT NOT NULL CHECK (reference IN ('consensus', 'gold')),  -- leave-one-out consensus, or gold\n"
	"  category_id  INTEGER NOT NULL REFERENCES categories(id),  -- the class\n"
	"  tp           INTEGER NOT NULL,  -- pixels both give the class\n"
	"  fp           INTEGER NOT NULL,  -- pixels the annotator gives it and the reference another class\n"
	"  fn           INTEGER NOT NULL,  -- pixels the reference gives it and the annotator not (ignore included)\n"
	"  PRIMARY KEY (run_id, annotator_id, reference, category_id)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE pixel_audits (\n"
	"  -- Pixel accuracy of one annotator's label maps against a reference.\n"
	"  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  annotator_id INTEGER NOT NULL REFERENCES annotators(id),  -- the annotator audited\n"
	"  reference    TEXT NOT NULL CHECK (reference IN ('consensus', 'gold')),  -- leave-one-out consensus, or gold\n"
	"  images       INTEGER NOT NULL,  -- maps compared\n"
	"  correct      INTEGER NOT NULL,  -- labelled reference pixels the annotator got right\n"
	"  total        INTEGER NOT NULL,  -- labelled reference pixels; accuracy = correct / total\n"
	"  PRIMARY KEY (run_id, annotator_id, reference)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE map_pairs (\n"
	"  -- Two annotators' label maps compared over the images both mapped (a < b by id).\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  a_id   INTEGER NOT NULL REFERENCES annotators(id),  -- one annotator (the smaller id)\n"
	"  b_id   INTEGER NOT NULL REFERENCES annotators(id),  -- the other annotator\n"
	"  images INTEGER NOT NULL,  -- images both mapped\n"
	"  miou   REAL,  -- mean over classes with a non-empty union of summed intersection / union; NULL when none\n"
	"  PRIMARY KEY (run_id, a_id, b_id)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE panoptic_counts (\n"
	"  -- Panoptic quality counts of one annotator against a reference, per category,\n"
	"  -- as the COCO panoptic evaluation counts them (segments matched at IoU > 0.5).\n"
	"  -- PQ = iou_sum / (tp + fp/2 + fn/2), SQ = iou_sum / tp, RQ = tp / (tp + fp/2 + fn/2).\n"
	"  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  annotator_id INTEGER NOT NULL REFERENCES annotators(id),  -- the annotator audited\n"
	"  reference    TEXT NOT NULL CHECK (reference IN ('consensus', 'gold')),  -- leave-one-out consensus, or gold\n"
	"  category_id  INTEGER NOT NULL REFERENCES categories(id),  -- the class\n"
	"  tp           INTEGER NOT NULL,  -- segments matched at IoU > 0.5\n"
	"  fp           INTEGER NOT NULL,  -- unmatched own segments (mostly void or in a crowd region excepted)\n"
	"  fn           INTEGER NOT NULL,  -- unmatched reference segments (crowd excepted)\n"
	"  iou_sum      REAL NOT NULL,  -- sum of the IoUs of the matched segments\n"
	"  PRIMARY KEY (run_id, annotator_id, reference, category_id)\n"
	") WITHOUT ROWID;\n",
	"ALTER TABLE image_stats ADD COLUMN voters_maps INTEGER NOT NULL DEFAULT 0"
	" /* |V| for label maps (semantic / panoptic); 0 in runs before version 4 */;\n",
	"ALTER TABLE image_stats ADD COLUMN agreement_maps REAL"
	" /* mean pairwise mIoU of the voters' label maps; NULL if n/a (and in runs before version 4) */;\n",
	"ALTER TABLE consensus_objects ADD COLUMN iscrowd INTEGER NOT NULL DEFAULT 0"
	" /* 1: a voted crowd region (COCO iscrowd), voted among crowd regions only; 0 in runs before version 4 */;\n",
	NULL,
};

/*
 * Version 5: the audit over time (issue 4). Each annotator's audit counts
 * of a run cut by period (rules report.period), one row per (annotator,
 * period) holding at least one image; none when report.period is "none"
 * (and in runs saved before this version). The counts mean what they mean
 * in annotator_stats; the view annotator_period_metrics derives the figures.
 */
static const char *const schema_v5[] = {
	"CREATE TABLE annotator_periods (\n"
	"  -- Per annotator and period audit of a run, so a manager sees drift. An image counts\n"
	"  -- in the period of the annotator's submission on it (objects, else labels), dated\n"
	"  -- by submissions.submitted_at when the file gave one, else by its ingested_at.\n"
	"  -- Counts as in annotator_stats, summed over those images.\n"
	"  run_id                  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  annotator_id            INTEGER NOT NULL REFERENCES annotators(id),  -- the annotator audited\n"
	"  period                  TEXT NOT NULL,  -- the first day, 'YYYY-MM-DD' (UTC); a week starts on Monday (ISO 8601)\n"
	"  days                    INTEGER NOT NULL CHECK (days IN (1, 7)),  -- length: 1 = a UTC day, 7 = an ISO week\n"
	"  images                  INTEGER NOT NULL,  -- images with a non-gold submission dated in the period\n"
	"  ingest_dated            INTEGER NOT NULL,  -- of those, dated by ingested_at (the file gave no time)\n"
	"  consensus_images        INTEGER NOT NULL,  -- against the leave-one-out consensus: images compared\n"
	"  consensus_tp            INTEGER NOT NULL,  -- matched with the same label\n"
	"  consensus_fp            INTEGER NOT NULL,  -- own objects/labels - tp\n"
	"  consensus_fn            INTEGER NOT NULL,  -- reference objects/labels - tp\n"
	"  consensus_matched       INTEGER NOT NULL,  -- pairs matched at match.iou, any label\n"
	"  consensus_iou_sum       REAL NOT NULL,  -- sum of IoU over matched pairs\n"
	"  consensus_label_correct INTEGER NOT NULL,  -- matched pairs (and labels-task images) with the right label\n"
	"  consensus_label_total   INTEGER NOT NULL,  -- matched pairs (and labels-task images) judged\n"
	"  gold_images             INTEGER NOT NULL,  -- against gold: images compared (0 = no gold overlap)\n"
	"  gold_tp                 INTEGER NOT NULL,  -- as consensus_tp\n"
	"  gold_fp                 INTEGER NOT NULL,  -- as consensus_fp\n"
	"  gold_fn                 INTEGER NOT NULL,  -- as consensus_fn\n"
	"  gold_matched            INTEGER NOT NULL,  -- as consensus_matched\n"
	"  gold_iou_sum            REAL NOT NULL,  -- as consensus_iou_sum\n"
	"  gold_label_correct      INTEGER NOT NULL,  -- as consensus_label_correct\n"
	"  gold_label_total        INTEGER NOT NULL,  -- as consensus_label_total\n"
	"  PRIMARY KEY (run_id, annotator_id, period)\n"
	") WITHOUT ROWID;\n",
	"CREATE VIEW annotator_period_metrics AS\n"
	"  -- annotator_metrics per period: the figures of each annotator_periods row,\n"
	"  -- per reference ('consensus' or 'gold'); NULL where the denominator is 0.\n"
	"  SELECT p.run_id, a.name AS annotator, p.period, p.days, 'consensus' AS reference, p.images,\n"
	"         p.ingest_dated, p.consensus_images AS images_compared, p.consensus_tp AS tp,\n"
	"         p.consensus_fp AS fp, p.consensus_fn AS fn,\n"
	"         1.0 * p.consensus_tp / NULLIF(p.consensus_tp + p.consensus_fp, 0) AS precision,\n"
	"         1.0 * p.consensus_tp / NULLIF(p.consensus_tp + p.consensus_fn, 0) AS recall,\n"
	"         2.0 * p.consensus_tp / NULLIF(2 * p.consensus_tp + p.consensus_fp + p.consensus_fn, 0) AS f1,\n"
	"         p.consensus_iou_sum / NULLIF(p.consensus_matched, 0) AS mean_iou,\n"
	"         1.0 * p.consensus_label_correct / NULLIF(p.consensus_label_total, 0) AS label_accuracy\n"
	"  FROM annotator_periods p JOIN annotators a ON a.id = p.annotator_id\n"
	"  UNION ALL\n"
	"  SELECT p.run_id, a.name, p.period, p.days, 'gold', p.images, p.ingest_dated,\n"
	"         p.gold_images, p.gold_tp, p.gold_fp, p.gold_fn,\n"
	"         1.0 * p.gold_tp / NULLIF(p.gold_tp + p.gold_fp, 0),\n"
	"         1.0 * p.gold_tp / NULLIF(p.gold_tp + p.gold_fn, 0),\n"
	"         2.0 * p.gold_tp / NULLIF(2 * p.gold_tp + p.gold_fp + p.gold_fn, 0),\n"
	"         p.gold_iou_sum / NULLIF(p.gold_matched, 0),\n"
	"         1.0 * p.gold_label_correct / NULLIF(p.gold_label_total, 0)\n"
	"  FROM annotator_periods p JOIN annotators a ON a.id = p.annotator_id;\n",
	NULL,
};

/*
 * Version 6: reliability (issue 4). A run whose rules weigh votes
 * (vote.weights other than 'equal', or vote.mask 'staple') keeps its label
 * model and each annotator's estimated reliability.
 */
static const char *const schema_v6[] = {
	"CREATE TABLE reliability_models (\n"
	"  -- The reliability estimate of a run whose rules weigh votes: one row per such run.\n"
	"  run_id           INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  model            TEXT NOT NULL CHECK (model IN ('equal', 'gold', 'dawid-skene', 'one-coin')),"
	"  -- vote.weights' label model; 'equal': none (vote.mask 'staple' only)\n"
	"  items            INTEGER NOT NULL CHECK (items >= 0),  -- EM: clusters and single-label images"
	" with >= 2 labels it was estimated from; gold: gold comparisons\n"
	"  iterations       INTEGER NOT NULL CHECK (iterations >= 0),  -- EM iterations run; 0 otherwise\n"
	"  converged        INTEGER NOT NULL CHECK (converged IN (0, 1)),  -- 1: EM stopped on vote.em.tolerance\n"
	"  log_likelihood   REAL,  -- EM: the log-likelihood at the estimate (natural log); NULL otherwise\n"
	"  staple_fallbacks INTEGER NOT NULL CHECK (staple_fallbacks >= 0)"
	"  -- mask clusters voted by majority under vote.mask 'staple' (more than 16 members)\n"
	");\n",
	"CREATE TABLE reliability_classes (\n"
	"  -- The classes of a run's label model (the categories of its voted labels).\n"
	"  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  category_id INTEGER NOT NULL REFERENCES categories(id),  -- the class\n"
	"  prior       REAL NOT NULL CHECK (prior >= 0 AND prior <= 1),  -- estimated share of items"
	" truly of this class (gold: 1 / classes)\n"
	"  PRIMARY KEY (run_id, category_id)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE annotator_reliability (\n"
	"  -- Each annotator's estimated reliability in a run with a reliability_models row.\n"
	"  run_id             INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  annotator_id       INTEGER NOT NULL REFERENCES annotators(id),  -- the annotator\n"
	"  labels             INTEGER NOT NULL CHECK (labels >= 0),  -- labels the model learnt it from\n"
	"  accuracy           REAL,  -- P(its label is the true class): gold and one-coin their estimate,"
	" dawid-skene the prior-weighted diagonal; NULL without a label model\n"
	"  staple_clusters    INTEGER NOT NULL CHECK (staple_clusters >= 0),  -- mask clusters STAPLE weighed it in\n"
	"  staple_sensitivity REAL,  -- their mean sensitivity weighted by consensus pixels; NULL when none\n"
	"  staple_specificity REAL,  -- their mean specificity weighted by pixels outside the consensus;"
	" NULL when none\n"
	"  PRIMARY KEY (run_id, annotator_id)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE annotator_confusion (\n"
	"  -- 'dawid-skene' runs: each annotator's estimated confusion matrix, one row per cell.\n"
	"  -- 'gold' and 'one-coin' runs keep none: their matrix is the accuracy on the diagonal\n"
	"  -- and (1 - accuracy) / (classes - 1) elsewhere.\n"
	"  run_id            INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  annotator_id      INTEGER NOT NULL REFERENCES annotators(id),  -- the annotator\n"
	"  true_category_id  INTEGER NOT NULL REFERENCES categories(id),  -- the true class\n"
	"  given_category_id INTEGER NOT NULL REFERENCES categories(id),  -- the label it gives\n"
	"  p                 REAL NOT NULL CHECK (p >= 0 AND p <= 1),  -- P(gives given | truly true)\n"
	"  PRIMARY KEY (run_id, annotator_id, true_category_id, given_category_id)\n"
	") WITHOUT ROWID;\n",
	NULL,
};

/*
 * Version 7: object attributes (issue 5). A consensus object keeps its
 * voted attributes; a new conflict kind, 'mismatching_attributes', names
 * the attribute and both values. SQLite cannot change a CHECK constraint
 * in place: conflicts is rebuilt (new table, copy, drop, rename), its
 * comments kept. Values are text (COCO's true and 2 read as "true", "2").
 */
static const char *const schema_v7[] = {
	"ALTER TABLE consensus_objects ADD COLUMN attributes TEXT"
	" /* voted attributes as a JSON object {\"name\": \"value\"}, null for a tied name; NULL when none */;\n",
	"CREATE TABLE conflicts_v7 (\n"
	"  -- Disagreements found by a run, CVAT's vocabulary (SPEC 6).\n"
	"  run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  idx           INTEGER NOT NULL,  -- 0-based position in the run\n"
	"  image_id      INTEGER NOT NULL REFERENCES images(id),  -- the image\n"
	"  kind          TEXT NOT NULL CHECK (kind IN ('missing', 'extra', 'label_mismatch', 'low_overlap', 'tie',"
	" 'mismatching_attributes')),  -- what is wrong (SPEC 6; issue 5)\n"
	"  task          TEXT NOT NULL CHECK (task IN ('objects', 'labels')),  -- which vote it concerns\n"
	"  annotator_id  INTEGER REFERENCES annotators(id),  -- whose object or label; NULL for a tie\n"
	"  object_id     INTEGER,  -- the annotator's objects.id / tags.id; NULL when none (missing)\n"
	"  consensus_idx INTEGER,  -- consensus_objects.idx (objects) or consensus_tags.idx (labels); NULL when none\n"
	"  category_id   INTEGER REFERENCES categories(id),  -- the annotator's label (missing: the consensus label)\n"
	"  iou           REAL,  -- IoU to the consensus box; NULL when not applicable\n"
	"  attribute     TEXT,  -- mismatching_attributes: the attribute's name; NULL otherwise\n"
	"  attribute_value TEXT,  -- mismatching_attributes: the annotator's value; NULL when it gave none\n"
	"  attribute_consensus TEXT,  -- mismatching_attributes: the consensus value; NULL otherwise\n"
	"  PRIMARY KEY (run_id, idx)\n"
	") WITHOUT ROWID;\n",
	"INSERT INTO conflicts_v7 (run_id, idx, image_id, kind, task, annotator_id, object_id, consensus_idx,"
	" category_id, iou) SELECT run_id, idx, image_id, kind, task, annotator_id, object_id, consensus_idx,"
	" category_id, iou FROM conflicts;\n",
	"DROP TABLE conflicts;\n",
	"ALTER TABLE conflicts_v7 RENAME TO conflicts;\n",
	NULL,
};

/*
 * Version 8: the rest of issue 4's statistics. Each annotator pair's Cohen's
 * kappa over image labels gets its 95% bootstrap interval, and a second
 * kappa over the labels of the pair's matched objects; each class its Fleiss'
 * kappa_j with interval and units. run_statistics gains the name
 * 'krippendorff_alpha_iou' (alpha over objects, distance 1 - IoU), which
 * needs no column. Runs saved before version 8 read back with these NULL
 * (and counts 0). Added columns carry block comments, as in version 2.
 */
static const char *const schema_v8[] = {
	"ALTER TABLE pair_stats ADD COLUMN kappa_ci_lo REAL"
	" /* 95% bootstrap interval of kappa over the images both labelled, lower end; NULL when none */;\n",
	"ALTER TABLE pair_stats ADD COLUMN kappa_ci_hi REAL /* upper end; NULL when none */;\n",
	"ALTER TABLE pair_stats ADD COLUMN kappa_objects_items INTEGER NOT NULL DEFAULT 0"
	" /* matched object pairs (one-to-one at match.iou, any label) on the images both drew on */;\n",
	"ALTER TABLE pair_stats ADD COLUMN kappa_objects REAL"
	" /* Cohen's kappa over the labels of those matched objects; NULL when undefined */;\n",
	"ALTER TABLE pair_stats ADD COLUMN kappa_objects_ci_lo REAL"
	" /* its 95% bootstrap interval over images, lower end; NULL when none */;\n",
	"ALTER TABLE pair_stats ADD COLUMN kappa_objects_ci_hi REAL /* upper end; NULL when none */;\n",
	"ALTER TABLE class_stats ADD COLUMN fleiss_n INTEGER NOT NULL DEFAULT 0"
	" /* units of the class's Fleiss' kappa: images with two or more non-gold label voters */;\n",
	"ALTER TABLE class_stats ADD COLUMN fleiss_kappa REAL"
	" /* Fleiss' (1971) kappa_j of the rating 'gave this label'; NULL when undefined */;\n",
	"ALTER TABLE class_stats ADD COLUMN fleiss_ci_lo REAL"
	" /* its 95% bootstrap interval over images, lower end; NULL when none */;\n",
	"ALTER TABLE class_stats ADD COLUMN fleiss_ci_hi REAL /* upper end; NULL when none */;\n",
	NULL,
};

static const tly_store_migration steps[] = {
	{1, schema_v1},
	{2, schema_v2},
	{3, schema_v3},
	{4, schema_v4},
	{5, schema_v5},
	{6, schema_v6},
	{7, schema_v7},
	{8, schema_v8},
	{9, tly_store__schema_v9},
	{10, tly_store__schema_v10},
	{11, tly_store__schema_v11},
};

const tly_store_migration *tly_store__migrations(size_t *n)
{
	*n = sizeof(steps) / sizeof(steps[0]);
	return steps;
}
