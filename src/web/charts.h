/*
 * charts — the charts of the pages, kept in memory by the hash of their
 * SVG and served as images under /diagram/HASH.svg.
 *
 * A page built from the report's machinery (the overview) hands its
 * charts here instead of inlining them: the page stays small, and the
 * browser keeps each chart as long as its content (its address) does not
 * change. The store is shared by the server's threads (a mutex) and holds
 * at most WEB_CHARTS_MAX charts, forgetting the least recently used.
 */
#ifndef FINSAM_WEB_CHARTS_H
#define FINSAM_WEB_CHARTS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WEB_CHARTS_MAX 64
#define WEB_CHART_KEY 32 /* hex characters of a chart's address */

struct web_charts {
	pthread_mutex_t mu;
	struct web_chart {
		char key[WEB_CHART_KEY + 1]; /* "" : free */
		char *svg;
		size_t len;
		uint64_t used;               /* when last put or got, in ticks */
	} e[WEB_CHARTS_MAX];
	uint64_t tick;
};

void web_charts_init(struct web_charts *c);
void web_charts_free(struct web_charts *c);
/* Keep `svg` (taken over, freed here) and write its address into key. */
void web_charts_put(struct web_charts *c, char *svg, char key[WEB_CHART_KEY + 1]);
/* Whether the chart with address `key` is still kept. */
bool web_charts_has(struct web_charts *c, const char *key);
/* A copy of the chart with address `key` (free it), or NULL. */
char *web_charts_get(struct web_charts *c, const char *key, size_t *len);

#endif
