/*
 * tally: a quality-assurance consensus engine for image annotation.
 * Umbrella header: includes the whole public API, stage by stage in
 * pipeline order (ingest -> store -> match -> vote -> agree -> report/export).
 */
#ifndef TALLY_H
#define TALLY_H

#include "tally/types.h"
#include "tally/error.h"
#include "tally/geom.h"
#include "tally/rle.h"
#include "tally/polygon.h"
#include "tally/labelmap.h"
#include "tally/raster.h"
#include "tally/rules.h"
#include "tally/dataset.h"
#include "tally/batch.h"
#include "tally/result.h"
#include "tally/store.h"
#include "tally/ingest.h"
#include "tally/match.h"
#include "tally/vote.h"
#include "tally/agree.h"
#include "tally/semantic.h"
#include "tally/dawid_skene.h"
#include "tally/panoptic.h"
#include "tally/staple.h"
#include "tally/stats.h"
#include "tally/run.h"
#include "tally/report.h"
#include "tally/export.h"
#include "tally/diff.h"
#include "tally/review.h"

#define TALLY_VERSION "0.1.0"

#endif
