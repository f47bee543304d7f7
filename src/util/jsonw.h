/*
 * jsonw — appending a JSON string to a buffer, for data finsam writes in
 * bulk.
 *
 * A voucher's rows are stored as a JSON array (see store/schema.c) and an
 * import writes a million of them: building jansson trees for that costs
 * more than the rest of the import. The rows are written straight into a
 * buffer (integers with buf_put_int, strings escaped per RFC 8259 here);
 * reading is left to SQLite's JSON functions and to jansson.
 */
#ifndef FINSAM_UTIL_JSONW_H
#define FINSAM_UTIL_JSONW_H

#include <stdbool.h>

#include "util/buf.h"

/* Append s as a JSON string; NULL as null. s must be UTF-8. */
bool jsonw_string(struct buf *b, const char *s);

#endif
