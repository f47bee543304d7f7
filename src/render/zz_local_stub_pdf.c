#include "render/render.h"
static bool w(struct doc *d, const char *p, struct error *e) { (void)d; (void)p; error_set(e, ERR_INTERNAL, "PDF saknas ännu"); return false; }
const struct renderer render_pdf = { "pdf", ".pdf", w };
