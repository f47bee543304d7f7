/*
 * server — libmicrohttpd glue, the store pool, limits, headers, the
 * access log and graceful shutdown (server.h).
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "util/charset.h"
#include "util/date.h"
#include "util/jsonw.h"
#include "util/xalloc.h"
#include "web/app.h"
#include "web/users.h"

/* Store connections, one per server thread, each with its cache. */
struct store_pool {
	pthread_mutex_t mu;
	pthread_cond_t freed;
	struct store *st;
	struct web_cache *cache;
	bool *busy;
	size_t n;
};

struct server {
	struct web_app app;
	struct store_pool pool;
	const struct web_serve_options *opt;
	atomic_int in_flight;
};

/* What the server keeps about one request while it arrives. */
struct request_state {
	struct web_request rq;
	struct MHD_PostProcessor *pp;
	size_t body_bytes;
	bool refused;          /* answered early (413, 415): ignore the rest */
	size_t limit;          /* the most body bytes this request may send */
	int pending;           /* a refusal to send once the body has been read, or 0 */
	const char *pending_text;
	bool fields_bad;       /* too many fields */
	char remote[64];
	char session[USER_TOKEN_CHARS + 2];
	char login[USER_TOKEN_CHARS + 2];
	char *method, *path;
	struct timespec start;
	int status;
	size_t bytes;
	char *user_name;
};

static bool pool_open(struct store_pool *p, const char *path, size_t n, struct error *err)
{
	memset(p, 0, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->freed, NULL);
	p->st = xcalloc(n, sizeof p->st[0]);
	p->cache = xcalloc(n, sizeof p->cache[0]);
	p->busy = xcalloc(n, sizeof p->busy[0]);
	for (; p->n < n; p->n++)
		if (!store_open(&p->st[p->n], path, STORE_EXISTING, err))
			return false;
	return true;
}

static void pool_close(struct store_pool *p)
{
	for (size_t i = 0; i < p->n; i++) {
		store_close(&p->st[i]);
		web_cache_free(&p->cache[i]);
	}
	free(p->st);
	free(p->cache);
	free(p->busy);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->mu);
}

static struct store *pool_take(struct store_pool *p)
{
	pthread_mutex_lock(&p->mu);
	for (;;) {
		for (size_t i = 0; i < p->n; i++) {
			if (!p->busy[i]) {
				p->busy[i] = true;
				pthread_mutex_unlock(&p->mu);
				return &p->st[i];
			}
		}
		pthread_cond_wait(&p->freed, &p->mu);
	}
}

static void pool_give(struct store_pool *p, struct store *st)
{
	pthread_mutex_lock(&p->mu);
	p->busy[st - p->st] = false;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->mu);
}

bool web_base_path_parse(const char *s, char *out, size_t size, struct error *err)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == '/')
		n--;
	bool ok = n < size && (n == 0 || s[0] == '/');
	for (size_t i = 0; ok && i < n; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		     (s[i] >= '0' && s[i] <= '9') || strchr("/-_.", s[i]);
	if (!ok || strstr(s, "//") || strstr(s, "/./") || strstr(s, "/../")) {
		error_set(err, ERR_USAGE,
			  "--base-path \"%s\" är ingen sökväg som \"/finsam\" (bokstäver a–z, "
			  "siffror, - _ . och /)",
			  s);
		return false;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* ---- the access log ----------------------------------------------------------------- */

/* A JSON string of s, which came from a client and so may not be UTF-8:
 * then every byte outside ASCII is logged as "?", so each line stays JSON. */
static void log_text(struct buf *b, const char *s)
{
	if (utf8_valid(s, strlen(s))) {
		jsonw_string(b, s);
		return;
	}
	char *ascii = xstrdup(s);
	for (char *p = ascii; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	jsonw_string(b, ascii);
	free(ascii);
}

static void log_request(struct server *srv, const struct request_state *rs)
{
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double ms = (double)(end.tv_sec - rs->start.tv_sec) * 1e3 +
		    (double)(end.tv_nsec - rs->start.tv_nsec) / 1e6;
	char now[32];
	date_now_iso(now, sizeof now);
	struct buf b = BUF_INIT(0);
	buf_puts(&b, "{\"time\":");
	jsonw_string(&b, now);
	buf_puts(&b, ",\"remote\":");
	jsonw_string(&b, rs->remote);
	buf_puts(&b, ",\"method\":");
	jsonw_string(&b, rs->method);
	buf_puts(&b, ",\"path\":");
	log_text(&b, rs->path);
	buf_printf(&b, ",\"status\":%d,\"bytes\":%zu,\"ms\":%.2f,\"user\":", rs->status, rs->bytes,
		   ms);
	jsonw_string(&b, rs->user_name);
	buf_puts(&b, "}\n");
	fputs(buf_cstr(&b), srv->opt->log);
	fflush(srv->opt->log);
	buf_free(&b);
}

/* ---- requests ----------------------------------------------------------------------- */

static enum MHD_Result post_field(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *filename, const char *content_type,
				  const char *transfer_encoding, const char *data, uint64_t off,
				  size_t size)
{
	(void)kind, (void)content_type, (void)transfer_encoding;
	struct request_state *rs = cls;
	struct web_fields *fs = &rs->rq.form;
	bool continued = off > 0 && fs->n && !strcmp(fs->f[fs->n - 1].name, key);
	if (continued)
		return web_fields_append_last(fs, data, size, SIZE_MAX / 2) ? MHD_YES : MHD_NO;
	if (fs->n >= WEB_MAX_FIELDS) {
		rs->fields_bad = true;
		return MHD_NO;
	}
	web_fields_add(fs, key, data ? data : "", data ? size : 0, filename);
	return MHD_YES;
}

static enum MHD_Result query_field(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	(void)kind;
	struct request_state *rs = cls;
	if (rs->rq.query.n >= WEB_MAX_FIELDS)
		return MHD_NO;
	web_fields_add(&rs->rq.query, key, value ? value : "", value ? strlen(value) : 0, NULL);
	return MHD_YES;
}

static void client_address(struct MHD_Connection *conn, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, size, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)size);
}

/* Behind a proxy: the address the proxy appended last to X-Forwarded-For. */
static void forwarded_for(struct MHD_Connection *conn, char *out, size_t size)
{
	const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
	if (!xff)
		return;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	size_t n = strcspn(last, " ");
	if (n && n < size) {
		memcpy(out, last, n);
		out[n] = '\0';
	}
}

static void start_request(struct server *srv, struct MHD_Connection *conn, const char *url,
			  const char *method, struct request_state *rs)
{
	clock_gettime(CLOCK_MONOTONIC, &rs->start);
	rs->method = xstrdup(method);
	rs->path = xstrdup(url);
	/* Below the base path "/finsam": "/finsam" is "/", "/finsam/x" is "/x". */
	size_t blen = strlen(srv->opt->base_path);
	if (!strncmp(url, srv->opt->base_path, blen) && (url[blen] == '/' || !url[blen]))
		rs->rq.path = url[blen] ? rs->path + blen : "/";
	client_address(conn, rs->remote, sizeof rs->remote);
	bool secure = false;
	if (srv->opt->proxy) {
		forwarded_for(conn, rs->remote, sizeof rs->remote);
		const char *proto =
			MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
		secure = proto && !strcasecmp(proto, "https");
	}
	rs->rq.method = rs->method;
	rs->rq.remote = rs->remote;
	rs->rq.secure = secure;
	const char *cookies = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie");
	if (cookies && web_cookie_value(cookies, "finsam_session", rs->session, sizeof rs->session))
		rs->rq.session_cookie = rs->session;
	if (cookies && web_cookie_value(cookies, "finsam_login", rs->login, sizeof rs->login))
		rs->rq.login_cookie = rs->login;
	rs->rq.csrf_header = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, query_field, rs);
}

static void add_common_headers(struct MHD_Response *r, const struct web_response *wr)
{
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, wr->content_type);
	MHD_add_response_header(r, "Content-Security-Policy", wr->csp ? wr->csp : WEB_CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	bool cache_set = false;
	for (size_t i = 0; i < wr->nheaders; i++) {
		MHD_add_response_header(r, wr->headers[i][0], wr->headers[i][1]);
		cache_set |= !strcasecmp(wr->headers[i][0], "Cache-Control");
	}
	if (!cache_set)
		MHD_add_response_header(r, "Cache-Control", "no-store");
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct request_state *rs,
				     struct web_response *wr)
{
	struct MHD_Response *r;
	if (wr->static_body) {
		rs->bytes = wr->static_len;
		r = MHD_create_response_from_buffer(wr->static_len, (void *)wr->static_body,
						    MHD_RESPMEM_PERSISTENT);
	} else {
		rs->bytes = wr->body.len;
		size_t len = wr->body.len;
		char *data = buf_take(&wr->body);
		r = MHD_create_response_from_buffer(len, data ? data : xstrdup(""),
						    MHD_RESPMEM_MUST_FREE);
	}
	if (!r)
		return MHD_NO;
	add_common_headers(r, wr);
	if (wr->user_name) {
		free(rs->user_name);
		rs->user_name = xstrdup(wr->user_name);
	}
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)wr->status, r);
	MHD_destroy_response(r);
	/* The log says what the client was sent, not what was meant. */
	if (ret == MHD_YES)
		rs->status = wr->status;
	return ret;
}

/* A short plain answer the application never sees (limits, bad bodies). */
static enum MHD_Result refuse(struct MHD_Connection *conn, struct request_state *rs, int status,
			      const char *text)
{
	struct web_response wr;
	web_response_init(&wr);
	wr.status = status;
	wr.content_type = "text/plain; charset=utf-8";
	buf_puts(&wr.body, text);
	buf_putc(&wr.body, '\n');
	rs->refused = true;
	enum MHD_Result ret = send_response(conn, rs, &wr);
	web_response_free(&wr);
	return ret;
}

static const char too_large[] = "Förfrågan är för stor.";

/* Whether the request brings a live session (the store is asked). */
static bool has_session(struct server *srv, const struct request_state *rs)
{
	if (!rs->rq.session_cookie)
		return false;
	struct store *st = pool_take(&srv->pool);
	struct error err = ERROR_INIT;
	bool found = false;
	if (!user_session_lookup(st, rs->rq.session_cookie, NULL, NULL, &found, &err))
		found = false;
	error_clear(&err);
	pool_give(&srv->pool, st);
	return found;
}

/* The first call: the headers are there, the body is not yet. */
static enum MHD_Result begin_request(struct server *srv, struct MHD_Connection *conn,
				     const char *url, const char *method,
				     struct request_state *rs)
{
	start_request(srv, conn, url, method, rs);
	if (!rs->rq.path)
		return refuse(conn, rs, 404, "Sidan finns inte.");
	/* Only a logged-in user may send a large body (an upload): a stranger
	 * gets no further than the login form, which is small. */
	bool post = !strcmp(method, "POST");
	rs->limit = post && has_session(srv, rs) ? srv->opt->max_body : WEB_ANON_MAX_BODY;
	const char *len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
	if (len && strtoull(len, NULL, 10) > rs->limit)
		return refuse(conn, rs, 413, too_large);
	if (post) {
		rs->pp = MHD_create_post_processor(conn, 64 * 1024, post_field, rs);
		const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
		if (!rs->pp && type)
			return refuse(conn, rs, 415,
				      "Formuläret ska skickas som application/x-www-form-urlencoded "
				      "eller multipart/form-data.");
	}
	return MHD_YES;
}

/* A piece of the body. What goes wrong midway is answered at the end:
 * libmicrohttpd cannot send a response before it has read the body. */
static void body_piece(struct request_state *rs, const char *data, size_t n)
{
	if (rs->refused || rs->pending)
		return;
	rs->body_bytes += n;
	if (rs->body_bytes > rs->limit) {
		rs->pending = 413;
		rs->pending_text = too_large;
	} else if (rs->pp && MHD_post_process(rs->pp, data, n) != MHD_YES) {
		rs->pending = 400;
		rs->pending_text = rs->fields_bad ? "Formuläret har för många fält."
						  : "Formuläret går inte att läsa.";
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)version;
	struct server *srv = cls;
	struct request_state *rs = *con_cls;
	if (!rs) {
		rs = xcalloc(1, sizeof *rs);
		*con_cls = rs;
		atomic_fetch_add(&srv->in_flight, 1);
		return begin_request(srv, conn, url, method, rs);
	}
	if (*upload_data_size) {
		body_piece(rs, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rs->refused)
		return MHD_YES;
	if (!rs->pending && rs->pp && MHD_destroy_post_processor(rs->pp) != MHD_YES) {
		rs->pending = 400;
		rs->pending_text = "Formuläret går inte att läsa (avbrutet?).";
	} else if (rs->pending && rs->pp) {
		MHD_destroy_post_processor(rs->pp);
	}
	rs->pp = NULL;
	if (rs->pending)
		return refuse(conn, rs, rs->pending, rs->pending_text);
	struct web_response wr;
	web_response_init(&wr);
	struct store *st = pool_take(&srv->pool);
	web_handle(&srv->app, st, &srv->pool.cache[st - srv->pool.st], &rs->rq, &wr);
	/* A page that failed half-way must not leave a transaction open. */
	store_rollback(st);
	pool_give(&srv->pool, st);
	enum MHD_Result ret = send_response(conn, rs, &wr);
	web_response_free(&wr);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	struct server *srv = cls;
	struct request_state *rs = *con_cls;
	if (!rs)
		return;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !rs->status)
		rs->status = 499; /* the client went away, or a timeout */
	log_request(srv, rs);
	if (rs->pp)
		MHD_destroy_post_processor(rs->pp);
	web_fields_free(&rs->rq.query);
	web_fields_free(&rs->rq.form);
	free(rs->method);
	free(rs->path);
	free(rs->user_name);
	free(rs);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

/* Percent-decoding of the path and the query: as libmicrohttpd's own, but
 * a decoded NUL ("%00") becomes DEL, so that no C string is cut short by
 * it ("/konto/1930%00x" must not be account 1930); DEL matches no route,
 * account or code. */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls, (void)conn;
	size_t n = MHD_http_unescape(s);
	for (size_t i = 0; i < n; i++)
		if (!s[i])
			s[i] = 0x7f;
	return n;
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	struct server *srv = cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	struct buf b = BUF_INIT(0);
	buf_puts(&b, "{\"libmicrohttpd\":");
	jsonw_string(&b, msg);
	buf_puts(&b, "}\n");
	fputs(buf_cstr(&b), srv->opt->log);
	buf_free(&b);
}

/* ---- starting and stopping ---------------------------------------------------------- */

static bool resolve(const char *listen, struct sockaddr_storage *ss, bool *v6, struct error *err)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	const char *h = listen;
	size_t hlen = colon ? (size_t)(colon - listen) : 0;
	if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') {
		h++;
		hlen -= 2;
	}
	char *end = NULL;
	long port = colon ? strtol(colon + 1, &end, 10) : -1;
	if (!colon || !hlen || hlen >= sizeof host || !colon[1] || *end || port < 0 ||
	    port > 65535) {
		error_set(err, ERR_USAGE,
			  "--listen \"%s\" ska vara ADRESS:PORT, t.ex. 127.0.0.1:8080 eller [::1]:8080",
			  listen);
		return false;
	}
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE }, *ai;
	char service[8];
	snprintf(service, sizeof service, "%ld", port);
	int rc = getaddrinfo(host, service, &hints, &ai);
	if (rc) {
		error_set(err, ERR_USAGE, "--listen: adressen \"%s\" går inte att slå upp: %s", host,
			  gai_strerror(rc));
		return false;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*v6 = ai->ai_family == AF_INET6;
	freeaddrinfo(ai);
	return true;
}

static void wait_for_signal(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	int sig;
	sigwait(&set, &sig);
}

bool web_serve(const struct web_serve_options *opt, struct error *err)
{
	struct sockaddr_storage addr;
	bool v6 = false;
	if (!resolve(opt->listen, &addr, &v6, err))
		return false;
	struct server *srv = xcalloc(1, sizeof *srv);
	srv->opt = opt;
	struct web_config cfg = { .base_path = opt->base_path, .proxy = opt->proxy };
	web_app_init(&srv->app, &cfg);
	bool ok = pool_open(&srv->pool, opt->db_path, opt->threads, err);

	/* The server's threads inherit this mask: only the main thread
	 * takes the signals, in sigwait. */
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old);

	struct MHD_Daemon *d = NULL;
	if (ok) {
		unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
				 MHD_USE_ERROR_LOG;
		if (v6)
			flags |= MHD_USE_IPv6;
		d = MHD_start_daemon(
			flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER,
			on_mhd_error, srv, MHD_OPTION_SOCK_ADDR, &addr,
			MHD_OPTION_THREAD_POOL_SIZE, opt->threads, MHD_OPTION_CONNECTION_TIMEOUT,
			(unsigned)WEB_TIMEOUT_SECONDS, MHD_OPTION_CONNECTION_LIMIT, 1000u,
			MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_UNESCAPE_CALLBACK,
			unescape, NULL, MHD_OPTION_END);
		if (!d) {
			error_set(err, ERR_INPUT,
				  "kan inte lyssna på %s (upptagen port eller fel adress?)",
				  opt->listen);
			ok = false;
		}
	}
	if (ok) {
		const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		char host[64] = "";
		const void *in = v6 ? (const void *)&((struct sockaddr_in6 *)(void *)&addr)->sin6_addr
				    : (const void *)&((struct sockaddr_in *)(void *)&addr)->sin_addr;
		inet_ntop(v6 ? AF_INET6 : AF_INET, in, host, sizeof host);
		fprintf(opt->out, "finsam serve: lyssnar på http://%s%s%s:%u%s/ (%s); avsluta med Ctrl-C\n",
			v6 ? "[" : "", host, v6 ? "]" : "", info ? info->port : 0, opt->base_path,
			opt->db_path);
		fflush(opt->out);
		wait_for_signal();
		/* Stop taking connections; let the requests in flight finish. */
		MHD_socket lsock = MHD_quiesce_daemon(d);
		for (int i = 0; i < WEB_DRAIN_SECONDS * 20 && atomic_load(&srv->in_flight) > 0; i++)
			usleep(50 * 1000);
		MHD_stop_daemon(d);
		if (lsock != MHD_INVALID_SOCKET)
			close(lsock);
		fprintf(opt->out, "finsam serve: stoppad\n");
		fflush(opt->out);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pool_close(&srv->pool);
	web_app_free(&srv->app);
	free(srv);
	return ok;
}
