/*
 * gen-books — generate one synthetic but realistic book for a Swedish
 * samordningsförbund and write it in four syntaxes:
 *
 *   book.se           SIE 4E (CP437, CRLF) — what finsam imports
 *   book.ledger       ledger / hledger journal (UTF-8)
 *   book.beancount    beancount (UTF-8)
 *   expected.csv      the exact trial balance (account,opening,change,closing)
 *   expected-by6.csv  the same split per object of dimension 6
 *                     (account,object,opening,change,closing; "" = no object)
 *
 * The book is the same in every syntax: the same ~300 accounts, the same
 * opening balances and the same vouchers with the same rows. Amounts are
 * integer öre throughout, so every voucher balances exactly and the
 * expected trial balance is exact. The pseudo random generator is
 * splitmix64 and nothing uses floating point or the C library's rand(),
 * so the output is byte for byte identical on every machine for a given
 * seed and row count. Keep every draw in a statement of its own: two draws
 * in one expression (e.g. two function arguments) are evaluated in an
 * unspecified order, and gcc and clang do pick different orders.
 *
 * Build: cc -std=c17 -O2 -Wall -Wextra -Werror -o gen-books gen-books.c
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ACCOUNTS 320
#define TARGET_ACCOUNTS 300
#define MAX_ROWS 12
#define YEAR 2023

/* ---- PRNG: splitmix64 -------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, n). The tiny modulo bias is irrelevant here, and it is
 * the same on every machine. */
static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* True with probability pct/100. */
static bool chance(unsigned pct)
{
	return below(100) < pct;
}

/* Skewed towards 0: the smaller of two uniform draws. */
static size_t skewed(size_t n)
{
	size_t a = (size_t)below(n), b = (size_t)below(n);
	return a < b ? a : b;
}

/* An amount in öre between 10^lo and 10^(hi+1) öre, roughly log-uniform;
 * a third are whole kronor. */
static int64_t amount(int lo, int hi)
{
	static const int64_t p10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
				       100000000, 1000000000 };
	int e = lo + (int)below((uint64_t)(hi - lo + 1));
	int64_t v = p10[e] + (int64_t)below((uint64_t)(9 * p10[e]));
	if (chance(33) && v >= 1000)
		v = v / 100 * 100;
	return v;
}

/* ---- chart of accounts (Kommun-BAS flavoured) --------------------------- */

enum kind {
	K_ASSET,    /* 1xxx */
	K_BANK,     /* 19xx */
	K_EQUITY,   /* 20xx */
	K_LIAB,     /* 21xx-29xx */
	K_INCOME,   /* 3xxx */
	K_COST,     /* 4xxx, 6xxx, 7xxx */
	K_SALARY,   /* 50xx-53xx */
	K_SOCIAL,   /* 54xx-57xx */
	K_FININC,   /* 80xx-84xx */
	K_FINCOST,  /* 85xx-89xx */
};

struct account {
	int number;
	char name[96]; /* UTF-8 */
	enum kind kind;
	int64_t ib;    /* opening balance, öre */
	int64_t total; /* opening + all rows */
};

static const struct {
	int number;
	const char *name;
} base_accounts[] = {
	{ 1220, "Inventarier" },
	{ 1229, "Ackumulerade avskrivningar inventarier" },
	{ 1250, "Datorer" },
	{ 1259, "Ackumulerade avskrivningar datorer" },
	{ 1380, "Andra långfristiga fordringar" },
	{ 1510, "Kundfordringar" },
	{ 1511, "Kundfordringar stat" },
	{ 1512, "Kundfordringar region" },
	{ 1513, "Kundfordringar kommuner" },
	{ 1630, "Skattekonto" },
	{ 1640, "Skattefordringar" },
	{ 1650, "Momsfordran" },
	{ 1680, "Andra kortfristiga fordringar" },
	{ 1710, "Förutbetalda hyreskostnader" },
	{ 1720, "Förutbetalda leasingavgifter" },
	{ 1730, "Förutbetalda försäkringspremier" },
	{ 1790, "Övriga förutbetalda kostnader och upplupna intäkter" },
	{ 1910, "Kassa" },
	{ 1920, "Plusgiro" },
	{ 1930, "Bank" },
	{ 1940, "Övriga bankkonton" },
	{ 1950, "Placeringskonto" },
	{ 2010, "Eget kapital" },
	{ 2091, "Balanserat resultat" },
	{ 2099, "Årets resultat" },
	{ 2210, "Avsättningar för pensioner" },
	{ 2290, "Övriga avsättningar" },
	{ 2350, "Långfristiga skulder" },
	{ 2440, "Leverantörsskulder" },
	{ 2510, "Skatteskulder" },
	{ 2610, "Utgående moms" },
	{ 2640, "Ingående moms" },
	{ 2710, "Personalens källskatt" },
	{ 2730, "Lagstadgade sociala avgifter" },
	{ 2731, "Avräkning sociala avgifter" },
	{ 2740, "Avtalade sociala avgifter" },
	{ 2790, "Övriga löneavdrag" },
	{ 2820, "Kortfristiga skulder till anställda" },
	{ 2890, "Övriga kortfristiga skulder" },
	{ 2920, "Semesterlöneskuld" },
	{ 2940, "Upplupna sociala avgifter" },
	{ 2950, "Upplupna pensionskostnader" },
	{ 2960, "Upplupna räntekostnader" },
	{ 2970, "Förutbetalda intäkter" },
	{ 2990, "Övriga upplupna kostnader och förutbetalda intäkter" },
	{ 3010, "Försäljning av tjänster" },
	{ 3511, "Driftbidrag staten" },
	{ 3512, "Driftbidrag region" },
	{ 3513, "Driftbidrag kommuner" },
	{ 3514, "Projektbidrag ESF" },
	{ 3515, "Projektbidrag övriga" },
	{ 3590, "Övriga bidrag" },
	{ 3610, "Ersättning för utfört arbete" },
	{ 3740, "Öres- och kronutjämning" },
	{ 3900, "Övriga intäkter" },
	{ 3990, "Övriga ersättningar och intäkter" },
	{ 4010, "Köp av varor" },
	{ 4590, "Köp av verksamhet" },
	{ 4600, "Köp av tjänster" },
	{ 4610, "Konsulttjänster" },
	{ 4620, "Utbildningstjänster" },
	{ 4690, "Övriga köpta tjänster" },
	{ 5010, "Arvoden förtroendevalda" },
	{ 5011, "Löner månadsavlönade" },
	{ 5012, "Löner timavlönade" },
	{ 5020, "Sjuklön" },
	{ 5030, "Semesterlön" },
	{ 5040, "Övertidsersättning" },
	{ 5090, "Förändring semesterlöneskuld" },
	{ 5410, "Arbetsgivaravgifter" },
	{ 5411, "Arbetsgivaravgifter arvoden" },
	{ 5510, "Pensionskostnader" },
	{ 5511, "Särskild löneskatt" },
	{ 5610, "Avtalsförsäkringar" },
	{ 5710, "Friskvård" },
	{ 5720, "Personalutbildning" },
	{ 5730, "Rekrytering" },
	{ 5790, "Övriga personalkostnader" },
	{ 6110, "Lokalhyra" },
	{ 6120, "Städning" },
	{ 6130, "El" },
	{ 6210, "Hyra av inventarier" },
	{ 6310, "Datorer och IT" },
	{ 6320, "Programvara" },
	{ 6330, "Licenser" },
	{ 6410, "Förbrukningsinventarier" },
	{ 6420, "Kontorsmaterial" },
	{ 6440, "Trycksaker" },
	{ 6510, "Livsmedel" },
	{ 6550, "Böcker och tidskrifter" },
	{ 7010, "Telefon" },
	{ 7020, "Porto" },
	{ 7110, "Reklam och annonsering" },
	{ 7120, "Representation" },
	{ 7210, "Resor" },
	{ 7220, "Logi" },
	{ 7230, "Konferenser" },
	{ 7310, "Försäkringar" },
	{ 7410, "Revision" },
	{ 7420, "Redovisningstjänster" },
	{ 7430, "IT-tjänster" },
	{ 7440, "Juridiska tjänster" },
	{ 7510, "Medlemsavgifter" },
	{ 7610, "Bankavgifter" },
	{ 7690, "Övriga kostnader" },
	{ 7810, "Avskrivningar inventarier" },
	{ 7820, "Avskrivningar datorer" },
	{ 8410, "Ränteintäkter" },
	{ 8420, "Utdelningar" },
	{ 8490, "Övriga finansiella intäkter" },
	{ 8510, "Räntekostnader" },
	{ 8520, "Bankkostnader finansiella" },
	{ 8590, "Övriga finansiella kostnader" },
};

static const char *const qualifiers[] = {
	"stat", "region", "kommuner", "projekt", "insatser", "Lekeberg", "Örebro",
	"Karlskoga", "Degerfors", "Laxå", "Hallsberg", "övrigt",
};

static struct account accounts[MAX_ACCOUNTS];
static size_t naccounts;

/* Accounts of each kind, in chart order (base accounts first). */
static size_t by_kind[10][MAX_ACCOUNTS];
static size_t nby_kind[10];

static enum kind kind_of(int number)
{
	int h = number / 100;
	switch (number / 1000) {
	case 1:
		return h == 19 ? K_BANK : K_ASSET;
	case 2:
		return h == 20 ? K_EQUITY : K_LIAB;
	case 3:
		return K_INCOME;
	case 5:
		return h <= 53 ? K_SALARY : K_SOCIAL;
	case 8:
		return h <= 84 ? K_FININC : K_FINCOST;
	default:
		return K_COST;
	}
}

static bool account_exists(int number)
{
	for (size_t i = 0; i < naccounts; i++)
		if (accounts[i].number == number)
			return true;
	return false;
}

static void add_account(int number, const char *name)
{
	struct account *a = &accounts[naccounts++];
	a->number = number;
	snprintf(a->name, sizeof a->name, "%s", name);
	a->kind = kind_of(number);
}

static size_t account_index(int number)
{
	for (size_t i = 0; i < naccounts; i++)
		if (accounts[i].number == number)
			return i;
	fprintf(stderr, "gen-books: internal error: no account %d\n", number);
	exit(2);
}

static void build_chart(void)
{
	size_t nbase = sizeof base_accounts / sizeof base_accounts[0];
	for (size_t i = 0; i < nbase; i++)
		add_account(base_accounts[i].number, base_accounts[i].name);
	/* Sub-accounts of income and cost accounts, e.g. "Köp av verksamhet
	 * Örebro" as 4596, until the chart has TARGET_ACCOUNTS accounts. */
	for (int round = 1; round <= 9 && naccounts < TARGET_ACCOUNTS; round++)
		for (size_t i = 0; i < nbase && naccounts < TARGET_ACCOUNTS; i++) {
			int n = base_accounts[i].number;
			if (n < 3000 || n % 10 != 0 || n >= 8000)
				continue;
			if (account_exists(n + round))
				continue;
			char name[96];
			snprintf(name, sizeof name, "%s %s", base_accounts[i].name,
				 qualifiers[(i + (size_t)round) % (sizeof qualifiers / sizeof *qualifiers)]);
			add_account(n + round, name);
		}
	for (size_t i = 0; i < naccounts; i++)
		by_kind[accounts[i].kind][nby_kind[accounts[i].kind]++] = i;
}

static size_t pick(enum kind k)
{
	return by_kind[k][skewed(nby_kind[k])];
}

/* ---- objects -------------------------------------------------------------- */

#define NK 20 /* dimension 1, kostnadsställen */
#define NP 30 /* dimension 6, projekt */

static const char *const k_names[NK] = {
	"Kansli", "Styrelse", "Beredningsgrupp", "Samverkan Lekeberg", "Samverkan Örebro",
	"Samverkan Karlskoga", "Samverkan Degerfors", "Samverkan Laxå", "Samverkan Hallsberg",
	"Samverkan Askersund", "Samverkan Kumla", "Samverkan Lindesberg", "Utvärdering",
	"Kommunikation", "Kompetensutveckling", "Strukturövergripande", "Gemensamma kostnader",
	"Lokaler", "IT och telefoni", "Övrigt",
};

static const char *const p_names[NP] = {
	"Coachingteam", "Mottagningsteam", "IPS Örebro", "IPS Karlskoga", "Unga till arbete",
	"Steg för steg", "Växtkraft", "Resursteam", "Arbetsträning", "Språkstöd",
	"Hälsoinsats", "Jobbcoach", "Aktivitetshus", "Vägen vidare", "Framtidsverkstad",
	"Kartläggning", "Lotsfunktion", "Unga vuxna", "Föräldrastöd", "Digital delaktighet",
	"Samtalsstöd", "Motivationsgrupp", "Studiecirkel", "Praktikplatser", "Arbetsmarknadsnära",
	"Grön rehab", "Kulturinsats", "Återgång i arbete", "Samordnad rehab", "Förstudie 2023",
};

/* ---- output ---------------------------------------------------------------- */

struct out {
	FILE *sie, *ledger, *bean;
	bool writing; /* false in the first (counting) pass */
};

static struct out out;
static char *bufs[3];

/* UTF-8 to CP437 for the few non-ASCII letters the generator uses. */
static void put_cp437(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p < 0x80) {
			putc(*p++, f);
			continue;
		}
		unsigned cp = 0;
		if ((p[0] & 0xE0) == 0xC0 && p[1]) {
			cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
			p += 2;
		} else {
			p++;
			while ((*p & 0xC0) == 0x80)
				p++;
		}
		int c;
		switch (cp) {
		case 0xE5: c = 0x86; break; /* å */
		case 0xE4: c = 0x84; break; /* ä */
		case 0xF6: c = 0x94; break; /* ö */
		case 0xC5: c = 0x8F; break; /* Å */
		case 0xC4: c = 0x8E; break; /* Ä */
		case 0xD6: c = 0x99; break; /* Ö */
		case 0xE9: c = 0x82; break; /* é */
		case 0xFC: c = 0x81; break; /* ü */
		default: c = '?'; break;
		}
		putc(c, f);
	}
}

/* öre as "-1234.50" into buf; returns the length. */
static int fmt_money(char *buf, int64_t ore)
{
	char tmp[32];
	int n = 0;
	bool neg = ore < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)ore : (uint64_t)ore;
	tmp[n++] = (char)('0' + u % 10);
	u /= 10;
	tmp[n++] = (char)('0' + u % 10);
	u /= 10;
	tmp[n++] = '.';
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (neg)
		tmp[n++] = '-';
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = 0;
	return n;
}

static const char *ledger_prefix(const struct account *a)
{
	switch (a->kind) {
	case K_ASSET:
	case K_BANK:
		return "Tillgångar";
	case K_EQUITY:
		return "Kapital";
	case K_LIAB:
		return "Skulder";
	case K_INCOME:
		return "Intäkter";
	case K_FININC:
	case K_FINCOST:
		return "Finansiellt";
	default:
		return "Kostnader";
	}
}

static const char *bean_prefix(const struct account *a)
{
	switch (a->kind) {
	case K_ASSET:
	case K_BANK:
		return "Assets";
	case K_EQUITY:
		return "Equity";
	case K_LIAB:
		return "Liabilities";
	case K_INCOME:
	case K_FININC:
		return "Income";
	default:
		return "Expenses";
	}
}

/* ---- the book ---------------------------------------------------------------- */

struct row {
	size_t acc;
	int k, p;      /* object index + 1 in dimension 1 / 6, 0 for none */
	int64_t amount;
};

struct stats {
	uint64_t rows, vouchers, rows_with_objects;
};

/* change per account and dimension-6 object (0 = no object) */
static int64_t by6[MAX_ACCOUNTS][NP + 1];

static const char *const months[] = { "januari", "februari", "mars", "april", "maj", "juni",
				       "juli", "augusti", "september", "oktober", "november",
				       "december" };

static const char *const suppliers[] = {
	"Telia Sverige AB", "Region Örebro län", "Lekebergs kommun", "Örebro kommun",
	"Atea Sverige AB", "Office Depot", "Vasakronan AB", "SJ AB", "Scandic Hotels",
	"Tieto Evry", "Visma Spcs", "PwC Sverige", "KPMG AB", "Postnord", "Länsförsäkringar",
	"Skandia", "KPA Pension", "Fora AB", "Karlskoga kommun", "Degerfors kommun",
	"Hallsbergs kommun", "Laxå kommun", "Folkuniversitetet", "Studieförbundet Vuxenskolan",
	"ICA Kvantum", "Clas Ohlson", "Elgiganten", "Dustin AB", "Microsoft Ireland",
	"Zoom Video", "Adobe Systems", "Kommunal", "Arbetsförmedlingen", "Försäkringskassan",
	"Samhall AB", "Hyresbolaget ÖBO", "Städbolaget Närke", "Café Stortorget",
	"Tryckeri Örebro", "Konferens Lännäs",
};

static const char *const payers[] = {
	"Försäkringskassan", "Region Örebro län", "Lekebergs kommun", "Örebro kommun",
	"Karlskoga kommun", "Degerfors kommun", "Hallsbergs kommun", "Laxå kommun",
	"ESF-rådet", "Arbetsförmedlingen",
};

#define NSUPPLIERS (sizeof suppliers / sizeof *suppliers)
#define NPAYERS (sizeof payers / sizeof *payers)

static void set_objects(struct row *r, unsigned pct)
{
	r->k = r->p = 0;
	if (!chance(pct))
		return;
	unsigned x = (unsigned)below(10);
	if (x < 5) {
		r->k = 1 + (int)skewed(NK);
		r->p = 1 + (int)skewed(NP);
	} else if (x < 8) {
		r->p = 1 + (int)skewed(NP);
	} else {
		r->k = 1 + (int)skewed(NK);
	}
}

/* Fill rows[0..n-2], then make rows[n-1] (on account last) balance. */
static void balance_last(struct row *rows, int n, size_t last)
{
	int64_t sum = 0;
	for (int i = 0; i < n - 1; i++)
		sum += rows[i].amount;
	if (sum == 0) {
		rows[0].amount += 100;
		sum += 100;
	}
	rows[n - 1] = (struct row){ last, 0, 0, -sum };
}

static void date_of(int day, int *month, int *mday)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m = 0;
	while (day >= mdays[m]) {
		day -= mdays[m];
		m++;
	}
	*month = m + 1;
	*mday = day + 1;
}

/* Generate one voucher of exactly n rows (2..12) dated on day (0..364) and
 * write it, or only count it in the first pass. */
static void voucher(int n, int day, uint64_t serial[5], struct stats *st)
{
	struct row rows[MAX_ROWS];
	char text[160];
	int month, mday;
	date_of(day, &month, &mday);
	int series;

	/* The template decides the accounts; n is given. */
	unsigned t = (unsigned)below(100);
	if (n >= 6 && t < 12) {
		/* C: salaries — gross pay and social costs per object, then tax,
		 * fees and net pay out of the bank. */
		series = 2;
		int64_t gross = 0;
		for (int i = 0; i < n - 3; i++) {
			rows[i].acc = pick(i % 3 == 2 ? K_SOCIAL : K_SALARY);
			rows[i].amount = amount(5, 6);
			set_objects(&rows[i], 85);
			gross += rows[i].amount;
		}
		int64_t tax = gross * 3 / 10, fees = gross / 7;
		rows[n - 3] = (struct row){ account_index(2710), 0, 0, -tax };
		rows[n - 2] = (struct row){ account_index(2730), 0, 0, -fees };
		balance_last(rows, n, account_index(1930));
		snprintf(text, sizeof text, "Lön %s %d", months[month - 1], YEAR);
	} else if (t < 45) {
		/* A: supplier invoice — costs (often per object) against 2440;
		 * one in ten is a credit note. */
		series = 0;
		bool credit = chance(10);
		for (int i = 0; i < n - 1; i++) {
			rows[i].acc = pick(K_COST);
			rows[i].amount = amount(3, 6) * (credit ? -1 : 1);
			set_objects(&rows[i], 55);
		}
		balance_last(rows, n, account_index(2440));
		uint64_t invoice = 10000 + below(90000);
		const char *supplier = suppliers[skewed(NSUPPLIERS)];
		snprintf(text, sizeof text, "%s %" PRIu64 " %s", credit ? "Kreditfaktura" : "Faktura",
			 invoice, supplier);
	} else if (t < 72) {
		/* B: payments — settled invoices (and a bank fee) out of the bank. */
		series = 1;
		for (int i = 0; i < n - 1; i++) {
			bool fee = chance(8);
			rows[i] = (struct row){ account_index(fee ? 7610 : 2440), 0, 0,
						fee ? amount(3, 4) : amount(3, 6) };
		}
		balance_last(rows, n, account_index(chance(85) ? 1930 : 1920));
		snprintf(text, sizeof text, "Betalning leverantörer %d-%02d-%02d", YEAR, month,
			 mday);
	} else if (t < 85) {
		/* D: grants and income — income per object into the bank. */
		series = 3;
		for (int i = 0; i < n - 1; i++) {
			rows[i].acc = pick(chance(95) ? K_INCOME : K_FININC);
			rows[i].amount = -amount(4, 6);
			set_objects(&rows[i], 60);
		}
		balance_last(rows, n, account_index(1930));
		snprintf(text, sizeof text, "Inbetalning %s", payers[skewed(NPAYERS)]);
	} else {
		/* E: manual entries — accruals, reclassifications, anything. */
		series = 4;
		static const enum kind kinds[] = { K_ASSET, K_LIAB, K_COST, K_COST, K_COST,
						   K_SALARY, K_SOCIAL, K_INCOME, K_FINCOST, K_BANK };
		for (int i = 0; i < n - 1; i++) {
			rows[i].acc = pick(kinds[below(sizeof kinds / sizeof *kinds)]);
			rows[i].amount = amount(2, 6);
			if (chance(50))
				rows[i].amount = -rows[i].amount;
			enum kind k = accounts[rows[i].acc].kind;
			set_objects(&rows[i], k == K_COST || k == K_SALARY || k == K_SOCIAL ||
						       k == K_INCOME ?
						      40 :
						      0);
		}
		balance_last(rows, n, pick(chance(50) ? K_LIAB : K_ASSET));
		static const char *const what[] = { "Periodisering", "Omföring", "Rättelse",
						    "Avskrivning", "Upplupen kostnad",
						    "Ombokning projekt" };
		snprintf(text, sizeof text, "%s %s", what[below(sizeof what / sizeof *what)],
			 months[month - 1]);
	}

	uint64_t number = ++serial[series];
	static const char series_name[] = "ABCDE";
	st->vouchers++;
	st->rows += (uint64_t)n;
	for (int i = 0; i < n; i++) {
		accounts[rows[i].acc].total += rows[i].amount;
		by6[rows[i].acc][rows[i].p] += rows[i].amount;
		if (rows[i].k || rows[i].p)
			st->rows_with_objects++;
	}
	if (!out.writing)
		return;

	char money[32];
	if (out.sie) {
		FILE *f = out.sie;
		fprintf(f, "#VER %c %" PRIu64 " %d%02d%02d \"", series_name[series], number, YEAR,
			month, mday);
		put_cp437(f, text);
		fputs("\"\r\n{\r\n", f);
		for (int i = 0; i < n; i++) {
			const struct row *r = &rows[i];
			fmt_money(money, r->amount);
			fprintf(f, "#TRANS %d {", accounts[r->acc].number);
			if (r->k)
				fprintf(f, "1 \"K%02d\"", r->k);
			if (r->p)
				fprintf(f, "%s6 \"P%02d\"", r->k ? " " : "", r->p);
			fprintf(f, "} %s\r\n", money);
		}
		fputs("}\r\n", f);
	}
	if (out.ledger) {
		FILE *f = out.ledger;
		fprintf(f, "\n%d-%02d-%02d * (%c%" PRIu64 ") %s\n", YEAR, month, mday,
			series_name[series], number, text);
		for (int i = 0; i < n; i++) {
			const struct row *r = &rows[i];
			fmt_money(money, r->amount);
			const struct account *a = &accounts[r->acc];
			fprintf(f, "    %s:%d  %s SEK\n", ledger_prefix(a), a->number, money);
			if (r->k)
				fprintf(f, "    ; dim1: K%02d\n", r->k);
			if (r->p)
				fprintf(f, "    ; dim6: P%02d\n", r->p);
		}
	}
	if (out.bean) {
		FILE *f = out.bean;
		fprintf(f, "\n%d-%02d-%02d * \"%s\"\n  ver: \"%c%" PRIu64 "\"\n", YEAR, month, mday,
			text, series_name[series], number);
		for (int i = 0; i < n; i++) {
			const struct row *r = &rows[i];
			fmt_money(money, r->amount);
			const struct account *a = &accounts[r->acc];
			fprintf(f, "  %s:%d  %s SEK\n", bean_prefix(a), a->number, money);
			if (r->k)
				fprintf(f, "    dim1: \"K%02d\"\n", r->k);
			if (r->p)
				fprintf(f, "    dim6: \"P%02d\"\n", r->p);
		}
	}
}

/* Opening balances: balance accounts only, summing to zero. */
static void opening_balances(void)
{
	int64_t sum = 0;
	size_t equity = account_index(2091);
	for (size_t i = 0; i < naccounts; i++) {
		struct account *a = &accounts[i];
		a->ib = 0;
		a->total = 0;
		if (i == equity)
			continue;
		if (a->kind == K_BANK)
			a->ib = amount(5, 7);
		else if (a->kind == K_ASSET && chance(60))
			a->ib = amount(4, 6) * (a->number % 100 == 29 || a->number % 100 == 59 ? -1 : 1);
		else if ((a->kind == K_LIAB || a->kind == K_EQUITY) && chance(60))
			a->ib = -amount(4, 6);
		sum += a->ib;
	}
	accounts[equity].ib = -sum;
	for (size_t i = 0; i < naccounts; i++)
		accounts[i].total = accounts[i].ib;
}

/* All vouchers: exactly nrows rows, dated evenly over the year. */
static void vouchers(uint64_t nrows, struct stats *st)
{
	uint64_t serial[5] = { 0 };
	memset(st, 0, sizeof *st);
	memset(by6, 0, sizeof by6);
	uint64_t done = 0;
	while (done < nrows) {
		uint64_t left = nrows - done;
		/* Mostly small vouchers, a tail of big ones: 2..12 rows. */
		static const int sizes[] = { 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12 };
		uint64_t n = (uint64_t)sizes[below(sizeof sizes / sizeof *sizes)];
		if (n > left)
			n = left;
		if (left - n == 1)
			n = n < MAX_ROWS ? n + 1 : n - 1;
		int day = (int)(done * 365 / nrows);
		voucher((int)n, day, serial, st);
		done += n;
	}
}

/* ---- files --------------------------------------------------------------------- */

static FILE *open_out(const char *dir, const char *name, int slot, char *path, size_t pathsz)
{
	snprintf(path, pathsz, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "gen-books: cannot create %s: %s\n", path, strerror(errno));
		exit(1);
	}
	bufs[slot] = malloc(1 << 20);
	if (bufs[slot])
		setvbuf(f, bufs[slot], _IOFBF, 1 << 20);
	return f;
}

static void close_out(FILE *f, const char *path)
{
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "gen-books: error writing %s\n", path);
		exit(1);
	}
}

static void write_sie_header(FILE *f, bool with_ub, uint64_t seed)
{
	char money[32];
	fputs("#FLAGGA 0\r\n", f);
	fprintf(f, "#PROGRAM \"gen-books (finsam bench)\" 1.0\r\n");
	fputs("#FORMAT PC8\r\n", f);
	fputs("#GEN 20240115\r\n", f);
	fputs("#SIETYP 4\r\n", f);
	fprintf(f, "#PROSA \"Syntetisk bokf");
	put_cp437(f, "ö");
	fprintf(f, "ring, seed %" PRIu64 "\"\r\n", seed);
	fputs("#FNAMN \"", f);
	put_cp437(f, "Samordningsförbundet Bänkhamn");
	fputs("\"\r\n", f);
	fputs("#ORGNR 222000-2493\r\n", f);
	fputs("#RAR 0 20230101 20231231\r\n", f);
	for (size_t i = 0; i < naccounts; i++) {
		fprintf(f, "#KONTO %d \"", accounts[i].number);
		put_cp437(f, accounts[i].name);
		fputs("\"\r\n", f);
	}
	fputs("#DIM 1 \"Kostnadsst", f);
	put_cp437(f, "ä");
	fputs("lle\"\r\n#DIM 6 \"Projekt\"\r\n", f);
	for (int i = 0; i < NK; i++) {
		fprintf(f, "#OBJEKT 1 \"K%02d\" \"", i + 1);
		put_cp437(f, k_names[i]);
		fputs("\"\r\n", f);
	}
	for (int i = 0; i < NP; i++) {
		fprintf(f, "#OBJEKT 6 \"P%02d\" \"", i + 1);
		put_cp437(f, p_names[i]);
		fputs("\"\r\n", f);
	}
	for (size_t i = 0; i < naccounts; i++)
		if (accounts[i].ib) {
			fmt_money(money, accounts[i].ib);
			fprintf(f, "#IB 0 %d %s\r\n", accounts[i].number, money);
		}
	if (!with_ub)
		return;
	for (size_t i = 0; i < naccounts; i++) {
		const struct account *a = &accounts[i];
		bool balance = a->number < 3000;
		if (balance && (a->ib || a->total)) {
			fmt_money(money, a->total);
			fprintf(f, "#UB 0 %d %s\r\n", a->number, money);
		}
	}
	for (size_t i = 0; i < naccounts; i++) {
		const struct account *a = &accounts[i];
		if (a->number >= 3000 && a->total) {
			fmt_money(money, a->total);
			fprintf(f, "#RES 0 %d %s\r\n", a->number, money);
		}
	}
}

static void write_ledger_header(FILE *f, uint64_t seed, uint64_t nrows)
{
	char money[32];
	fprintf(f, "; Samordningsförbundet Bänkhamn (222000-2493), räkenskapsår %d\n", YEAR);
	fprintf(f, "; Generated by bench/gen-books, seed %" PRIu64 ", %" PRIu64 " rows\n\n", seed,
		nrows);
	fputs("commodity SEK\n\n", f);
	for (size_t i = 0; i < naccounts; i++)
		fprintf(f, "account %s:%d\n", ledger_prefix(&accounts[i]), accounts[i].number);
	fprintf(f, "\n%d-01-01 * (IB) Ingående balans\n", YEAR);
	for (size_t i = 0; i < naccounts; i++)
		if (accounts[i].ib) {
			fmt_money(money, accounts[i].ib);
			fprintf(f, "    %s:%d  %s SEK\n", ledger_prefix(&accounts[i]),
				accounts[i].number, money);
		}
}

static void write_bean_header(FILE *f, uint64_t seed, uint64_t nrows)
{
	char money[32];
	fprintf(f, "; Samordningsförbundet Bänkhamn (222000-2493), räkenskapsår %d\n", YEAR);
	fprintf(f, "; Generated by bench/gen-books, seed %" PRIu64 ", %" PRIu64 " rows\n\n", seed,
		nrows);
	fputs("option \"title\" \"Samordningsförbundet Bänkhamn\"\n", f);
	fputs("option \"operating_currency\" \"SEK\"\n\n", f);
	for (size_t i = 0; i < naccounts; i++)
		fprintf(f, "%d-01-01 open %s:%d SEK\n", YEAR, bean_prefix(&accounts[i]),
			accounts[i].number);
	fprintf(f, "\n%d-01-01 * \"Ingående balans\"\n", YEAR);
	for (size_t i = 0; i < naccounts; i++)
		if (accounts[i].ib) {
			fmt_money(money, accounts[i].ib);
			fprintf(f, "  %s:%d  %s SEK\n", bean_prefix(&accounts[i]), accounts[i].number,
				money);
		}
}

static int compare_number(const void *pa, const void *pb)
{
	const struct account *a = *(const struct account *const *)pa;
	const struct account *b = *(const struct account *const *)pb;
	return (a->number > b->number) - (a->number < b->number);
}

static void write_expected(const char *dir)
{
	char path[4096], m1[32], m2[32], m3[32];
	const struct account *sorted[MAX_ACCOUNTS];
	for (size_t i = 0; i < naccounts; i++)
		sorted[i] = &accounts[i];
	qsort(sorted, naccounts, sizeof *sorted, compare_number);

	FILE *f = open_out(dir, "expected.csv", 0, path, sizeof path);
	fputs("account,opening,change,closing\n", f);
	for (size_t i = 0; i < naccounts; i++) {
		const struct account *a = sorted[i];
		if (!a->ib && !a->total)
			continue;
		fmt_money(m1, a->ib);
		fmt_money(m2, a->total - a->ib);
		fmt_money(m3, a->total);
		fprintf(f, "%d,%s,%s,%s\n", a->number, m1, m2, m3);
	}
	close_out(f, path);
	free(bufs[0]);

	f = open_out(dir, "expected-by6.csv", 0, path, sizeof path);
	fputs("account,object,opening,change,closing\n", f);
	for (size_t i = 0; i < naccounts; i++) {
		const struct account *a = sorted[i];
		size_t ai = (size_t)(a - accounts);
		/* The row without object first, as finsam lists it. */
		if (a->ib || by6[ai][0]) {
			fmt_money(m1, a->ib);
			fmt_money(m2, by6[ai][0]);
			fmt_money(m3, a->ib + by6[ai][0]);
			fprintf(f, "%d,,%s,%s,%s\n", a->number, m1, m2, m3);
		}
		for (int p = 1; p <= NP; p++)
			if (by6[ai][p]) {
				fmt_money(m2, by6[ai][p]);
				fprintf(f, "%d,P%02d,0.00,%s,%s\n", a->number, p, m2, m2);
			}
	}
	close_out(f, path);
	free(bufs[0]);
}

/* ---- main ------------------------------------------------------------------------ */

static void usage(FILE *f)
{
	fputs("Usage: gen-books [OPTIONS]\n"
	      "\n"
	      "Generate one synthetic, realistic book for a Swedish samordningsförbund\n"
	      "(fiscal year 2023, ~300 accounts, dimensions 1 and 6 with 50 objects,\n"
	      "balanced opening balances, vouchers of 2-12 balanced rows) and write it as:\n"
	      "\n"
	      "  DIR/book.se           SIE 4E, CP437, CRLF\n"
	      "  DIR/book.ledger       ledger/hledger journal, UTF-8\n"
	      "  DIR/book.beancount    beancount, UTF-8\n"
	      "  DIR/expected.csv      exact trial balance: account,opening,change,closing\n"
	      "  DIR/expected-by6.csv  the same per object of dimension 6\n"
	      "\n"
	      "Options:\n"
	      "  -n, --rows N         number of #TRANS rows (default 100000); suffixes k and M\n"
	      "                       are accepted: 100k, 1M, 10M\n"
	      "  -s, --seed S         seed of the pseudo random generator (default 20230101);\n"
	      "                       the same seed and N give byte-identical files everywhere\n"
	      "  -o, --out DIR        output directory, must exist (default .)\n"
	      "  -f, --formats LIST   comma separated subset of sie,ledger,beancount\n"
	      "                       (default all; expected*.csv are always written)\n"
	      "      --no-ub          leave out #UB and #RES from the SIE file (by default they\n"
	      "                       are there, as in every real SIE 4E export)\n"
	      "  -h, --help           this text\n",
	      f);
}

static bool parse_count(const char *s, uint64_t *out_n)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return false;
	if (*end == 'k' || *end == 'K') {
		v *= 1000;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		v *= 1000000;
		end++;
	}
	if (*end)
		return false;
	*out_n = v;
	return true;
}

int main(int argc, char **argv)
{
	uint64_t nrows = 100000, seed = 20230101;
	const char *dir = ".";
	bool want_sie = true, want_ledger = true, want_bean = true, with_ub = true;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--no-ub")) {
			with_ub = false;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--rows")) {
			if (!val || !parse_count(val, &nrows) || nrows < 2) {
				fprintf(stderr, "gen-books: --rows needs a number >= 2\n");
				return 1;
			}
			i++;
		} else if (!strcmp(a, "-s") || !strcmp(a, "--seed")) {
			if (!val || !parse_count(val, &seed)) {
				fprintf(stderr, "gen-books: --seed needs a number\n");
				return 1;
			}
			i++;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--out")) {
			if (!val) {
				fprintf(stderr, "gen-books: --out needs a directory\n");
				return 1;
			}
			dir = val;
			i++;
		} else if (!strcmp(a, "-f") || !strcmp(a, "--formats")) {
			if (!val) {
				fprintf(stderr, "gen-books: --formats needs a list\n");
				return 1;
			}
			want_sie = want_ledger = want_bean = false;
			for (const char *p = val; *p;) {
				size_t len = strcspn(p, ",");
				if (len == 3 && !strncmp(p, "sie", len))
					want_sie = true;
				else if (len == 6 && !strncmp(p, "ledger", len))
					want_ledger = true;
				else if (len == 9 && !strncmp(p, "beancount", len))
					want_bean = true;
				else if (len) {
					fprintf(stderr, "gen-books: unknown format '%.*s' (sie, ledger, "
							"beancount)\n", (int)len, p);
					return 1;
				}
				p += len + (p[len] == ',');
			}
			i++;
		} else {
			fprintf(stderr, "gen-books: unknown argument '%s'\n\n", a);
			usage(stderr);
			return 1;
		}
	}

	build_chart();
	struct stats st;
	char path_sie[4096], path_ledger[4096], path_bean[4096];

	/* First pass, only when #UB/#RES are wanted: the closing balances, which
	 * the SIE file declares before its vouchers. The second pass starts
	 * over from the same seed and so generates the very same book. */
	rng_state = seed;
	opening_balances();
	if (want_sie && with_ub) {
		out.writing = false;
		vouchers(nrows, &st);
	}

	if (want_sie) {
		out.sie = open_out(dir, "book.se", 0, path_sie, sizeof path_sie);
		write_sie_header(out.sie, with_ub, seed);
	}
	if (want_ledger) {
		out.ledger = open_out(dir, "book.ledger", 1, path_ledger, sizeof path_ledger);
		write_ledger_header(out.ledger, seed, nrows);
	}
	if (want_bean) {
		out.bean = open_out(dir, "book.beancount", 2, path_bean, sizeof path_bean);
		write_bean_header(out.bean, seed, nrows);
	}

	rng_state = seed;
	opening_balances();
	out.writing = true;
	vouchers(nrows, &st);

	if (out.sie)
		close_out(out.sie, path_sie);
	if (out.ledger)
		close_out(out.ledger, path_ledger);
	if (out.bean)
		close_out(out.bean, path_bean);
	for (int i = 0; i < 3; i++)
		free(bufs[i]);
	bufs[0] = NULL;
	write_expected(dir);

	fprintf(stderr,
		"gen-books: %" PRIu64 " rows in %" PRIu64 " vouchers (%" PRIu64 ".%02" PRIu64 " rows each), %" PRIu64
		" rows (%" PRIu64 "%%) with objects, %zu accounts, seed %" PRIu64 "\n",
		st.rows, st.vouchers, st.rows / st.vouchers, st.rows * 100 / st.vouchers % 100,
		st.rows_with_objects,
		st.rows ? st.rows_with_objects * 100 / st.rows : 0, naccounts, seed);
	return 0;
}
