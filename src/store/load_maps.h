/*
 * Label maps into the dataset at load time (load_maps.c): each image's
 * maps, their values turned from file pixel values into category indices,
 * and what the maps say about each category.
 */
#ifndef TLY_STORE_LOAD_MAPS_H
#define TLY_STORE_LOAD_MAPS_H

#include "store/idmap.h"
#include "store/store.h"

/*
 * Fill every image's maps, ds->category_info and ds->map_ignore_value from
 * the store, inside the caller's read transaction. DS already holds the
 * images, annotators and categories; IMAGES maps image ids to indices.
 * Returns 0, TLY_ENOMEM, or TLY_ESTORE naming a map that is corrupt (a
 * bad blob, a size other than its image's, a value without a class). On
 * error DS stays valid for tly_dataset_clear.
 */
int tly_store__load_maps(tly_dataset *ds, const tly_idmap *images, tly_store *st);

#endif
