/*
 * sie_pipe — a reading thread and a bounded queue of copied events; see
 * sie_pipe.h.
 *
 * Blocks move between two lists under one mutex: `free` (empty, for the
 * reader) and `full` (filled, in order, for the caller). The reader fills
 * one block at a time outside the lists and hands it over when it holds
 * SIE_PIPE_BLOCK_EVENTS items or SIE_PIPE_BLOCK_BYTES of copies, or at the
 * end. Everything an item points to lives in its block's arena, header
 * snapshots included, so a block is dropped as a whole once handled.
 */
#include "sie/sie_pipe.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

#include "util/arena.h"
#include "util/xalloc.h"

struct item {
	bool is_warning;
	long lineno;            /* warning: its line */
	const char *message;    /* warning: its text */
	struct sie_event ev;    /* event: pointing into the block's arena */
};

struct block {
	struct block *next;
	struct arena arena;
	struct item items[SIE_PIPE_BLOCK_EVENTS];
	size_t n;
	const struct sie_header *header; /* the newest header snapshot here */
	unsigned long header_changes;    /* the header's `changes` when taken */
};

struct pipe {
	pthread_mutex_t lock;
	pthread_cond_t changed;          /* a block was handed over, or done */
	struct block *free_blocks;       /* a stack */
	struct block *full_head, *full_tail;
	bool done;                       /* the reader has finished */
	atomic_bool cancel;              /* the caller has stopped */

	/* The reading thread's own. */
	struct block *filling;
	const char *path;
	int fd;
	const struct sie_read_options *opt;
	bool ok;
	struct sie_summary summary;
	struct error err;
};

/* ---- copying, on the reading thread --------------------------------- */

static const struct sie_objref *copy_objects(struct arena *a, const struct sie_objref *o,
					     size_t n)
{
	if (!n)
		return NULL;
	struct sie_objref *c = arena_alloc(a, n * sizeof *c);
	for (size_t i = 0; i < n; i++)
		c[i] = (struct sie_objref){ o[i].dim, arena_strdup(a, o[i].code) };
	return c;
}

static const struct sie_header *copy_header(struct arena *a, const struct sie_header *h)
{
	struct sie_header *c = arena_memdup(a, h, sizeof *h);
#define COPY_STRING(f) c->f = arena_strdup(a, h->f);
	SIE_HEADER_STRINGS(COPY_STRING)
#undef COPY_STRING
	return c;
}

static const struct sie_voucher *copy_voucher(struct arena *a, const struct sie_voucher *v)
{
	struct sie_voucher *c = arena_memdup(a, v, sizeof *v);
	c->series = arena_strdup(a, v->series);
	c->number = arena_strdup(a, v->number);
	c->text = arena_strdup(a, v->text);
	c->sign = arena_strdup(a, v->sign);
	struct sie_row *rows = v->nrows ? arena_alloc(a, v->nrows * sizeof *rows) : NULL;
	for (size_t i = 0; i < v->nrows; i++) {
		const struct sie_row *r = &v->rows[i];
		rows[i] = *r;
		rows[i].account = arena_strdup(a, r->account);
		rows[i].objects = copy_objects(a, r->objects, r->nobjects);
		rows[i].text = arena_strdup(a, r->text);
		rows[i].quantity = arena_strdup(a, r->quantity);
		rows[i].sign = arena_strdup(a, r->sign);
	}
	c->rows = rows;
	return c;
}

static void copy_event(struct block *b, struct sie_event *c, const struct sie_event *ev)
{
	struct arena *a = &b->arena;
	*c = *ev;
	if (!b->header || b->header_changes != ev->header->changes) {
		b->header = copy_header(a, ev->header);
		b->header_changes = ev->header->changes;
	}
	c->header = b->header;
	c->account = arena_strdup(a, ev->account);
	c->text = arena_strdup(a, ev->text);
	c->code = arena_strdup(a, ev->code);
	c->objects = copy_objects(a, ev->objects, ev->nobjects);
	c->quantity = arena_strdup(a, ev->quantity);
	if (ev->voucher)
		c->voucher = copy_voucher(a, ev->voucher);
}

/* ---- the queue ------------------------------------------------------ */

static void block_reset(struct block *b)
{
	arena_reset(&b->arena);
	b->n = 0;
	b->header = NULL;
	b->header_changes = 0;
}

/* Reader: hand the block being filled over to the caller. */
static void hand_over(struct pipe *p)
{
	struct block *b = p->filling;
	p->filling = NULL;
	pthread_mutex_lock(&p->lock);
	b->next = NULL;
	if (p->full_tail)
		p->full_tail->next = b;
	else
		p->full_head = b;
	p->full_tail = b;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
}

/* Reader: the next item to fill, waiting for a free block when needed;
 * NULL once the caller has stopped. */
static struct item *next_item(struct pipe *p)
{
	if (atomic_load_explicit(&p->cancel, memory_order_relaxed))
		return NULL;
	if (!p->filling) {
		pthread_mutex_lock(&p->lock);
		while (!p->free_blocks && !atomic_load(&p->cancel))
			pthread_cond_wait(&p->changed, &p->lock);
		struct block *b = p->free_blocks;
		if (b && !atomic_load(&p->cancel)) {
			p->free_blocks = b->next;
			p->filling = b;
		}
		pthread_mutex_unlock(&p->lock);
		if (!p->filling)
			return NULL;
	}
	return &p->filling->items[p->filling->n++];
}

/* Reader: after an item was filled, hand the block over when it is full. */
static void item_done(struct pipe *p)
{
	struct block *b = p->filling;
	if (b->n == SIE_PIPE_BLOCK_EVENTS || b->arena.used >= SIE_PIPE_BLOCK_BYTES)
		hand_over(p);
}

static bool put_event(void *ctx, const struct sie_event *ev, struct error *err)
{
	struct pipe *p = ctx;
	struct item *it = next_item(p);
	if (!it) {
		error_set(err, ERR_INTERNAL, "inläsningen avbröts");
		return false;
	}
	it->is_warning = false;
	copy_event(p->filling, &it->ev, ev);
	item_done(p);
	return true;
}

static void put_warning(void *ctx, long lineno, const char *msg)
{
	struct pipe *p = ctx;
	struct item *it = next_item(p);
	if (!it)
		return;
	it->is_warning = true;
	it->lineno = lineno;
	it->message = arena_strdup(&p->filling->arena, msg);
	item_done(p);
}

static void *read_thread(void *arg)
{
	struct pipe *p = arg;
	struct sie_handler h = { .ctx = p, .event = put_event, .warning = put_warning };
	p->ok = sie_read(p->path, p->fd, p->opt, &h, &p->summary, &p->err);
	if (p->filling && p->filling->n)
		hand_over(p);
	pthread_mutex_lock(&p->lock);
	if (p->filling) { /* an empty block taken last */
		p->filling->next = p->free_blocks;
		p->free_blocks = p->filling;
		p->filling = NULL;
	}
	p->done = true;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* ---- the calling thread ---------------------------------------------- */

/* The next full block, in order; NULL when the reader is done. */
static struct block *take_full(struct pipe *p)
{
	pthread_mutex_lock(&p->lock);
	while (!p->full_head && !p->done)
		pthread_cond_wait(&p->changed, &p->lock);
	struct block *b = p->full_head;
	if (b) {
		p->full_head = b->next;
		if (!p->full_head)
			p->full_tail = NULL;
	}
	pthread_mutex_unlock(&p->lock);
	return b;
}

static void give_back(struct pipe *p, struct block *b)
{
	block_reset(b);
	pthread_mutex_lock(&p->lock);
	b->next = p->free_blocks;
	p->free_blocks = b;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
}

/* Call the handler for every item of b; false when it refused one. */
static bool deliver(const struct block *b, const struct sie_handler *h, struct error *err)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct item *it = &b->items[i];
		if (it->is_warning) {
			if (h->warning)
				h->warning(h->ctx, it->lineno, it->message);
		} else if (!h->event(h->ctx, &it->ev, err)) {
			return false;
		}
	}
	return true;
}

bool sie_pipe_read(const char *path, int fd, const struct sie_read_options *opt,
		   const struct sie_handler *h, struct sie_summary *summary, struct error *err)
{
	if (opt->rows_only || sodium_init() < 0)
		return sie_read(path, fd, opt, h, summary, err);

	struct pipe *p = xcalloc(1, sizeof *p);
	struct block *blocks = xcalloc(SIE_PIPE_BLOCKS, sizeof *blocks);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->changed, NULL);
	atomic_init(&p->cancel, false);
	for (size_t i = 0; i < SIE_PIPE_BLOCKS; i++) {
		arena_init(&blocks[i].arena);
		blocks[i].next = p->free_blocks;
		p->free_blocks = &blocks[i];
	}
	p->path = path;
	p->fd = fd;
	p->opt = opt;

	bool ok;
	pthread_t thread;
	if (pthread_create(&thread, NULL, read_thread, p) != 0) {
		ok = sie_read(path, fd, opt, h, summary, err);
	} else {
		bool handled = true;
		struct block *b;
		while ((b = take_full(p))) {
			/* After a refusal, blocks still coming are dropped unread. */
			if (handled && !deliver(b, h, err)) {
				handled = false;
				atomic_store(&p->cancel, true);
			}
			give_back(p, b);
		}
		pthread_join(thread, NULL);
		if (!handled) {
			if (p->ok)
				sie_summary_free(&p->summary);
			error_clear(&p->err);
			ok = false;
		} else if (!p->ok) {
			error_move(err, &p->err);
			ok = false;
		} else {
			*summary = p->summary;
			ok = true;
		}
	}
	for (size_t i = 0; i < SIE_PIPE_BLOCKS; i++)
		arena_free(&blocks[i].arena);
	free(blocks);
	pthread_cond_destroy(&p->changed);
	pthread_mutex_destroy(&p->lock);
	free(p);
	return ok;
}
