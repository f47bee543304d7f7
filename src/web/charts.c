/*
 * charts — charts kept by their content's hash for /diagram/ (charts.h).
 */
#include "web/charts.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void web_charts_init(struct web_charts *c)
{
	memset(c, 0, sizeof *c);
	pthread_mutex_init(&c->mu, NULL);
}

void web_charts_free(struct web_charts *c)
{
	for (size_t i = 0; i < WEB_CHARTS_MAX; i++)
		free(c->e[i].svg);
	pthread_mutex_destroy(&c->mu);
}

void web_charts_put(struct web_charts *c, char *svg, char key[WEB_CHART_KEY + 1])
{
	size_t len = strlen(svg);
	unsigned char hash[WEB_CHART_KEY / 2];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)svg, len, NULL, 0);
	sodium_bin2hex(key, WEB_CHART_KEY + 1, hash, sizeof hash);
	pthread_mutex_lock(&c->mu);
	size_t pick = 0;
	bool known = false;
	for (size_t i = 0; i < WEB_CHARTS_MAX; i++) {
		if (!strcmp(c->e[i].key, key)) {
			pick = i;
			known = true;
			break;
		}
		if (c->e[i].used < c->e[pick].used)
			pick = i;
	}
	struct web_chart *e = &c->e[pick];
	if (known) {
		free(svg);
	} else {
		free(e->svg);
		memcpy(e->key, key, WEB_CHART_KEY + 1);
		e->svg = svg;
		e->len = len;
	}
	e->used = ++c->tick;
	pthread_mutex_unlock(&c->mu);
}

bool web_charts_has(struct web_charts *c, const char *key)
{
	bool has = false;
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < WEB_CHARTS_MAX && !has; i++)
		has = c->e[i].svg && !strcmp(c->e[i].key, key);
	pthread_mutex_unlock(&c->mu);
	return has;
}

char *web_charts_get(struct web_charts *c, const char *key, size_t *len)
{
	char *copy = NULL;
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < WEB_CHARTS_MAX && !copy; i++) {
		if (c->e[i].svg && !strcmp(c->e[i].key, key)) {
			copy = xstrndup(c->e[i].svg, c->e[i].len);
			*len = c->e[i].len;
			c->e[i].used = ++c->tick;
		}
	}
	pthread_mutex_unlock(&c->mu);
	return copy;
}
