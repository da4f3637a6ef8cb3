/*
 * What the PNG reader and writer share: libpng's heap goes through
 * src/util/alloc.h (so the fault-injection hook reaches inside libpng and
 * out of memory is told apart from bad data), and the common error text.
 */
#ifndef TLY_GEOM_PNG_PRIVATE_H
#define TLY_GEOM_PNG_PRIVATE_H

#include <png.h>

/*
 * libpng's allocator callbacks for png_create_*_struct_2. The mem pointer
 * must point to an int that tly_png__malloc sets to 1 when an allocation
 * fails, so the caller reports TLY_ENOMEM rather than libpng's message.
 */
png_voidp tly_png__malloc(png_structp png, png_alloc_size_t size);
void tly_png__free(png_structp png, png_voidp p);

#endif
