/*
 * xalloc — allocation that never returns NULL.
 *
 * finsam treats running out of memory as an environment fault: the
 * process prints one line and exits with status 3. Every allocation in the
 * program goes through these wrappers so that no caller has to check.
 */
#ifndef FINSAM_UTIL_XALLOC_H
#define FINSAM_UTIL_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Allocate n bytes (n may be 0); aborts the process on failure. */
void *xmalloc(size_t n);
/* Allocate and zero count*size bytes, checking the multiplication. */
void *xcalloc(size_t count, size_t size);
/* Resize p to n bytes; aborts on failure. */
void *xrealloc(void *p, size_t n);
/* Grow an array p of *cap elements of size `size` to hold at least `need`. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
/* Copy a NUL-terminated string; xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
/* Copy n bytes of s into a new NUL-terminated string. */
char *xstrndup(const char *s, size_t n);
/* printf into a freshly allocated string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
