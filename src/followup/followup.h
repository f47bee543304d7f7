/*
 * followup — the data of the follow-up: interventions (insatser), their
 * participant statistics and the förbund's goals (verksamhetsmål).
 *
 * This header holds the model only: plain structs that the text format
 * (followup_yaml.c), the store (followup_store.c), the checks
 * (followup_stats.c) and the commands share. A `struct followup_doc` is
 * what one import file holds, or what an export writes: any of its parts
 * may be empty.
 *
 * Participants are counted, never named: no struct here has a field for a
 * person, and every text that travels with the statistics is checked for
 * a personal identity number before it is accepted (fu_text_personal).
 *
 * Conventions: a count is an int64_t where FU_NONE (-1) means "not
 * reported"; a share is hundredths of a percent (basis points, 5000 =
 * 50 %); a survey mean is hundredths on the 1–4 scale (380 = 3,8);
 * periods and dates are YYYYMMDD (util/date.h), 0 when not given. Every
 * string is UTF-8, owned by its struct and freed by the _free functions;
 * an optional text is "" (never NULL) when absent.
 */
#ifndef FINSAM_FOLLOWUP_H
#define FINSAM_FOLLOWUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"

#define FU_NONE (-1)
/* The publishing threshold when the förbund has set none. */
#define FU_DEFAULT_THRESHOLD 5
/* The longest text a field takes, in bytes (a card's Markdown included). */
#define FU_TEXT_MAX 20000
/* The largest count accepted: a förbund's participants fit many times. */
#define FU_COUNT_MAX 10000000

/* ---- interventions ------------------------------------------------------------------- */

enum fu_kind {
	FU_INDIVIDUAL, /* individinriktad: participants from the target group */
	FU_STRUCTURAL, /* strukturövergripande: for the members' staff */
};

struct fu_staff {
	char *role;        /* "Arbetsmarknadskonsulent" */
	char *employer;    /* "Lekebergs kommun" */
	int64_t percent_bp; /* share of a full post, 2000 = 20 %; FU_NONE: not given */
	date_t from, to;   /* 0: from the intervention's start / to its end */
	char *note;        /* "ESF-medel", or "" */
};

/* How a result goal is measured. */
enum fu_measure {
	FU_COUNT,   /* antal: a number of participants, answers, places */
	FU_PERCENT, /* procent: basis points */
	FU_MEAN,    /* medel: hundredths on the 1–4 survey scale */
};

/* Where a result goal's actual value comes from. */
enum fu_source {
	FU_SRC_TYPED,    /* utfall typed in the goal (`utfall`) */
	FU_SRC_TOTAL,    /* deltagare: participants in total */
	FU_SRC_NEW,      /* nya */
	FU_SRC_ONGOING,  /* pågående */
	FU_SRC_ENDED,    /* avslutade */
	FU_SRC_IMPROVED, /* stegförflyttning: the improved share of those who ended */
	FU_SRC_SURVEY,   /* enkät: the mean of survey `survey` */
	FU_SRC_BUDGET,   /* budget: the share of the year's budget spent */
};

enum fu_status {
	FU_ST_NONE,    /* not set: computed from target and actual */
	FU_ST_MET,     /* uppnått (green) */
	FU_ST_PARTLY,  /* delvis uppnått (yellow) */
	FU_ST_NOT_MET, /* ej uppnått (red) */
	FU_ST_UNKNOWN, /* kan ej bedömas (grey) */
};

struct fu_result_goal {
	char *text;             /* "Arbeta med 30 individer totalt under året" */
	enum fu_measure measure;
	enum fu_source source;
	char *survey;           /* FU_SRC_SURVEY: the survey's name, else "" */
	bool has_target;
	int64_t target;         /* in the measure's unit */
	bool at_most;           /* the target is a ceiling (högst), not a floor */
	bool has_actual;
	int64_t actual;         /* FU_SRC_TYPED: the typed value */
	char *deviation;        /* cause of deviation, "" for none */
	enum fu_status status;  /* FU_ST_NONE: computed */
};

/* A part of a structural intervention with its own attendance (the seed's
 * "Utbildning i ACT … 15 deltagare"): professionals, not participants. */
struct fu_activity {
	char *name;
	char *description;
	int64_t attendees;      /* FU_NONE when not counted */
};

struct fu_intervention {
	char *code;             /* the book's object code ("CTO"); its identity */
	char *name;
	enum fu_kind kind;      /* fixed once stored */
	char *owner;            /* insatsägare */
	date_t start, end;      /* 0: open */
	bool esf;               /* co-financed by the ESF */
	char *budget_group;     /* budget group or subgroup whose lines are its budget;
				 * "": the lines that select object `code` */
	char *summary;          /* "Typ av insats": a line on what it is */
	char *purpose;          /* syfte (Markdown) */
	char *target_group;     /* målgrupp (Markdown) */
	char **tags;            /* structured target-group tags */
	size_t ntags;
	struct fu_staff *staff;
	size_t nstaff;
	struct fu_result_goal *goals;
	size_t ngoals;
	struct fu_activity *activities;
	size_t nactivities;
	/* The card's free text, Markdown, "" when not written. */
	char *done;             /* genomförda aktiviteter */
	char *cost_effect;      /* kostnadseffektivitet */
	char *cooperation;      /* samverkans effekter */
	char *outlook;          /* framåtspaning */
	char *evaluation;       /* utvärdering */
};

/* ---- participant statistics --------------------------------------------------------- */

/* An outcome at exit. The seven defaults are always there; a förbund adds
 * its own (the seed's "vägledning", "kartläggning"). */
struct fu_category {
	char *name;             /* "arbete" */
	bool step;              /* counts towards stegförflyttning (the numerator) */
	bool denominator;       /* counts in the improved share's denominator */
};

/* One labelled count: an outcome, an age band, a source of income. */
struct fu_count {
	char *label;
	int64_t count;
};

struct fu_survey {
	char *name;             /* "Avslutsenkät", "NNS indikator 1", "BIP" */
	int64_t mean;           /* hundredths, 100..400; FU_NONE when not given */
	int64_t answers;        /* FU_NONE when not given */
};

/* Figures a user may mark as incomplete: their sum checks then warn
 * instead of refusing. */
enum fu_part {
	FU_PART_SEX = 1 << 0,      /* kön */
	FU_PART_OUTCOME = 1 << 1,  /* utfall */
	FU_PART_AGE = 1 << 2,      /* ålder */
	FU_PART_INCOME = 1 << 3,   /* försörjning */
	FU_PART_STATUS = 1 << 4,   /* status: pågående + avslutade = totalt */
	FU_PART_SURVEY = 1 << 5,   /* enkät: a mean without its count */
};

struct fu_stats {
	char *intervention;     /* the intervention's code */
	date_t from, to;        /* the period */
	int64_t total;          /* participants during the period */
	int64_t new_;           /* started during the period */
	int64_t ongoing;        /* still in at the period's end */
	int64_t ended;          /* ended during the period */
	int64_t planned;        /* the planned number for the period (national system) */
	int64_t waiting;        /* "på väg in": accepted, not yet started */
	int64_t women, men, other; /* other: another or unknown sex */
	struct fu_count *outcomes;  /* exits by category, in category order */
	size_t noutcomes;
	struct fu_count *ages;      /* by age band, as the förbund bands them */
	size_t nages;
	struct fu_count *incomes;   /* by source of income before the intervention */
	size_t nincomes;
	struct fu_survey *surveys;
	size_t nsurveys;
	unsigned incomplete;    /* enum fu_part bits */
	char *comment;          /* a short note on the figures, "" for none */
};

/* ---- goals (verksamhetsmål) ---------------------------------------------------------- */

struct fu_goal {
	char *text;             /* the goal */
	char *activities;       /* proposed activities (Markdown) */
	char *outcome;          /* outcome of the activities / fulfilment (Markdown) */
	enum fu_status status;  /* FU_ST_NONE: computed from target and actual */
	bool has_target, has_actual;
	int64_t target, actual; /* optional numbers, as integers in `unit` */
	char *unit;             /* "st", "%", … ("" for none) */
};

struct fu_goal_area {
	char *name;             /* "Aktivitetsmål" */
	struct fu_goal *goals;
	size_t ngoals;
};

/* ---- the document --------------------------------------------------------------------- */

struct followup_doc {
	bool has_threshold;
	int64_t threshold;      /* publiceringsgräns; 0 turns suppression off */
	struct fu_category *categories; /* the förbund's own categories (not the defaults) */
	size_t ncategories;
	struct fu_intervention *interventions;
	size_t ninterventions;
	struct fu_stats *stats;
	size_t nstats;
	struct fu_goal_area *areas;
	size_t nareas;
};

void followup_doc_init(struct followup_doc *d);
void followup_doc_free(struct followup_doc *d);
void fu_intervention_free(struct fu_intervention *iv);
void fu_stats_init(struct fu_stats *s);  /* every count FU_NONE, texts "" */
void fu_stats_free(struct fu_stats *s);
void fu_goal_area_free(struct fu_goal_area *a);

/* Queries of a loaded document. The intervention with `code`, or NULL. */
const struct fu_intervention *followup_doc_intervention(const struct followup_doc *d,
							const char *code);
/* The statistics of intervention `code` for exactly from..to, or NULL. */
const struct fu_stats *followup_doc_stats(const struct followup_doc *d, const char *code,
					  date_t from, date_t to);
/* The latest period among the statistics of `code` (NULL: of all) that end
 * within first..last (0: unbounded): the latest end, and of those the
 * longest. False when there is none. */
bool followup_doc_latest(const struct followup_doc *d, const char *code, date_t first,
			 date_t last, date_t *from, date_t *to);

/* The staffing of iv on `day` (its lines in force then, without those
 * whose percentage is not given), basis points of a full post. */
int64_t fu_staff_total(const struct fu_intervention *iv, date_t day);

/* Names as the text format and the store spell them, and back. The parse
 * functions return false for a name they do not know. */
const char *fu_kind_name(enum fu_kind k);         /* "individinriktad", "strukturövergripande" */
bool fu_kind_parse(const char *s, enum fu_kind *out);
const char *fu_measure_name(enum fu_measure m);   /* "antal", "procent", "medel" */
bool fu_measure_parse(const char *s, enum fu_measure *out);
const char *fu_source_name(enum fu_source s);     /* "utfall", "deltagare", ... "budget" */
bool fu_source_parse(const char *s, enum fu_source *out);
const char *fu_status_name(enum fu_status s);     /* "", "uppnått", "delvis", "ej uppnått",
						   * "kan ej bedömas" */
bool fu_status_parse(const char *s, enum fu_status *out);
const char *fu_status_code(enum fu_status s);     /* "", "met", "partly", "not_met", "unknown" */
const char *fu_status_colour(enum fu_status s);   /* "grön", "gul", "röd", "grå" */
const char *fu_part_name(enum fu_part p);         /* "kön", "utfall", ... */
bool fu_part_parse(const char *s, enum fu_part *out);

/* The default outcome categories, in order (arbete … övrigt); *n gets
 * their number. Static data: do not free. */
const struct fu_category *fu_default_categories(size_t *n);

/* A period as the text format writes it: "2023" for a calendar year,
 * "2023H1"/"2023H2" for its halves, "2023-01-01..2023-03-31" otherwise.
 * buf needs FU_PERIOD_MAX bytes. */
#define FU_PERIOD_MAX 32
char *fu_period_format(date_t from, date_t to, char *buf);
/* Parse those forms; false for anything else or to before from. */
bool fu_period_parse(const char *s, date_t *from, date_t *to);

/* What reading a count or a text of the statistics says when it is
 * wrong, after "<key>: " (the text file and the web's forms alike). */
#define FU_COUNT_MSG "antal måste vara ett heltal 0–10 000 000"
#define FU_PERSONAL_MSG                                                                      \
	"värdet ser ut som ett person- eller samordningsnummer; deltagarstatistiken tar bara " \
	"antal, aldrig uppgifter om en person"

/* Numbers as the text format (and the web's forms) write them.
 * fu_whole_parse: digits only, at most max. fu_integer_parse: an optional
 * '-' and up to 15 digits. fu_hundredths_parse: n bytes "12", "12,5",
 * "12.25" (at most two decimals, at most 12 whole digits) as hundredths.
 * Each returns false, leaving *out alone, for anything else. */
bool fu_whole_parse(const char *s, int64_t max, int64_t *out);
bool fu_integer_parse(const char *s, int64_t *out);
bool fu_hundredths_parse(const char *s, size_t n, int64_t *out);

/* Whether s holds something shaped like a Swedish personal identity or
 * co-ordination number (YYMMDD or YYYYMMDD, a plausible month and day —
 * day + 60 for a co-ordination number — then an optional '-', '+' or
 * space and four digits, not inside a longer run of digits). The check
 * digit is not required to be right: a mistyped number is still personal
 * data. */
bool fu_text_personal(const char *s);

#endif
