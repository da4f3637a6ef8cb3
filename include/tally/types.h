/*
 * Shared vocabulary of the tally API: error codes, export macro and
 * forward declarations of every opaque type. Every public header includes
 * this one first; it has no dependencies beyond the C standard library.
 */
#ifndef TALLY_TYPES_H
#define TALLY_TYPES_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define TLY_EXTERN __attribute__((visibility("default")))
#else
#define TLY_EXTERN
#endif

/*
 * Error codes. Zero is success; every failure is one of these negatives
 * (a caller branches on the code, a person reads tly_error_last()).
 */
typedef enum {
	TLY_OK = 0,
	TLY_ENOMEM = -1,  /* out of memory */
	TLY_EIO = -2,     /* reading or writing a file failed */
	TLY_EINPUT = -3,  /* bad input data (a file being ingested) */
	TLY_EARG = -4,    /* bad argument or bad rules */
	TLY_ELIMIT = -5,  /* a value read from input exceeds a named cap */
	TLY_ENOTFOUND = -6, /* the requested run, image, ... does not exist */
	TLY_ESTORE = -7   /* the SQLite store failed or is not a tally store */
} tly_error_code;

/* Opaque state objects (see their module headers). */
typedef struct tly_rules tly_rules;
typedef struct tly_store tly_store;

#endif
