/* lexicon.c: word lists and synonyms as one open-addressed hash, built on first use.
 * Lists are plain space-separated strings so they read like the documentation
 * (docs/analysis.md); "variant=canonical" entries are the synonym table. */
#include "analysis/lexicon.h"

#include <pthread.h>
#include <string.h>

#define LX_SLOTS 4096u
#define LX_WORDMAX 23

struct lx_slot {
	char word[LX_WORDMAX + 1];
	uint32_t flags;
	const char *canon; /* points into the static synonym list, NUL-terminated copy below */
	char canonbuf[LX_WORDMAX + 1];
};

static struct lx_slot lx_table[LX_SLOTS];
static pthread_once_t lx_once = PTHREAD_ONCE_INIT;

static const struct {
	uint32_t flags;
	const char *words;
} lx_lists[] = {
	{LX_STOP, "a an the and or but if then else of to in on at by for with from as is are was were be "
	          "been being am do does did doing have has had having it its it's this that these those "
	          "there here what which who whom whose when where why how not no nor so than too very can "
	          "could would should will shall may might must just also about into over under again "
	          "further once all any both each few more most other some such only own same s t don't "
	          "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him "
	          "his she her hers they them their theirs i'm i've i'd i'll we're we've we'd we'll you're "
	          "you've you'd you'll they're they've it'd that's there's what's let's um uh umm uhm erm "
	          "hmm like really yeah yes okay ok well basically actually literally kind sort thing "
	          "things lot get got go going went make made way out up down off re ve ll d m doesn't "
	          "didn't isn't wasn't weren't won't can't couldn't wouldn't shouldn't because while"},
	{LX_FILLER, "um umm ummm uhm erm hmm uh uhh basically actually literally"},
	{LX_HEDGE, "maybe probably perhaps possibly hopefully"},
	{LX_I, "i me my mine myself i'm i've i'd i'll"},
	{LX_WE, "we us our ours ourselves we're we've we'd we'll"},
	{LX_YOU, "you your yours yourself yourselves you're you've you'd you'll"},
	{LX_PAST, "led built wrote made took ran spoke met set began brought bought chose drove found gave "
	          "got had held kept knew learnt left lost paid put said saw sent sold spent stood taught "
	          "thought told understood was were went won did rewrote broke caught drew fought grew "
	          "cut rebuilt split shut sat overheard undertook oversaw upheld withdrew forgot became "
	          "felt meant"},
	{LX_NOTPAST, "need needed_not speed feed seed indeed bed red shed embed proceed exceed succeed breed "
	             "greed weed deed hundred shared_not bred sled seabed"},
	{LX_STATE, "was were had did felt thought knew wanted liked loved seemed needed became meant hoped "
	           "wished believed guessed supposed"},
	{LX_RESULT, "result results resulted outcome outcomes reduced increased improved saved cut grew dropped "
	            "decreased lowered raised doubled tripled halved boosted shipped launched delivered "
	            "achieved won eliminated prevented recovered completed succeeded impact finally "
	            "eventually"},
	{LX_ENTHUS, "excited exciting excite love loved enjoy enjoyed enjoying passionate passion fascinating "
	            "fascinated curious curiosity thrilled eager glad proud fun motivated motivating "
	            "inspiring inspired interested keen energized energised rewarding delighted"},
	{LX_COLLAB, "team teams together colleague colleagues teammate teammates coworker coworkers peer peers "
	            "stakeholder stakeholders collaborated collaborate collaboration partnered paired "
	            "pairing mentored mentor mentoring helped help aligned align listened listen feedback "
	            "discussed agreed compromise consensus crossfunctional supported involved "
	            "brainstormed communicated"},
	{LX_REASON, "because therefore tradeoff tradeoffs instead alternatively alternative alternatives depends "
	            "complexity example instance e.g measure measured benchmark benchmarked profiled "
	            "profile assume assumption assumptions constraint constraints edge bottleneck "
	            "hypothesis root cause why worst"},
	{LX_NUMWORD, "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
	             "fifty sixty hundred hundreds thousand thousands million millions billion half twice "
	             "double doubled tripled halved percent dozen dozens tenfold"},
	{LX_ABSOLUTE, "always never everyone everybody nobody nothing everything completely totally impossible "
	              "every"},
	{LX_NEGATIVE, "hate hated stupid idiot idiots incompetent lazy useless terrible awful dumb moron clueless "
	              "toxic blame blamed"},
	{LX_DETERMINER, "what this that any the a some which whatever same"},
	{LX_LIKEVERB, "i you we they he she would 'd to don't didn't doesn't not really looks look looked sounds "
	              "sounded seems seemed feel felt feels something anything nothing things more much just "
	              "people i'd we'd you'd they'd"},
	{LX_PREVADJ, "last previous current former first old prior second new"},
	{LX_PLACE, "job role company team position internship employer startup workplace firm agency gig "
	           "project"},
	{LX_TIMEUNIT, "year years quarter month months summer spring fall autumn winter week weeks semester"},
	{LX_SEQUENCE, "first second third then next finally afterwards lastly step"},
	{LX_META, "describes describe described explains explain explained mentions mention mentioned "
	          "discusses discuss identifies identify shows show demonstrates demonstrate candidate "
	          "clearly clear good understanding understands ability able awareness aware "
	          "acknowledges acknowledge gives give provides provide uses specific example"},
};

/* variant=canonical: the canonical word is stemmed like any other, so groups collapse. */
static const char lx_synonyms[] =
	"db=database dbs=database rdbms=database datastore=database "
	"caching=cache cached=cache memoize=cache memoization=cache memoise=cache memoisation=cache "
	"scalability=scale scalable=scale scaling=scale "
	"perf=performance speed=fast faster=fast quick=fast quicker=fast quickly=fast efficient=fast "
	"efficiency=fast "
	"verify=test verified=test validate=test validated=test validation=test "
	"indexes=index indices=index indexing=index indexed=index "
	"failure=fail failures=fail crash=fail crashed=fail crashes=fail outage=fail outages=fail "
	"customer=user customers=user client=user clients=user users=user "
	"boss=manager supervisor=manager "
	"colleague=teammate colleagues=teammate coworker=teammate coworkers=teammate peer=teammate "
	"peers=teammate "
	"disagreement=conflict disagreements=conflict disagree=conflict disagreed=conflict "
	"argument=conflict tension=conflict conflicts=conflict "
	"prioritize=priority prioritise=priority prioritized=priority prioritised=priority "
	"prioritization=priority prioritisation=priority priorities=priority "
	"metric=measure metrics=measure kpi=measure kpis=measure measured=measure measurement=measure "
	"optimise=improve optimize=improve optimised=improve optimized=improve optimization=improve "
	"optimisation=improve improvement=improve improved=improve "
	"decrease=reduce decreased=reduce lower=reduce lowered=reduce shrink=reduce shrank=reduce "
	"cut=reduce cuts=reduce "
	"boost=increase boosted=increase grow=increase grew=increase raise=increase raised=increase "
	"resolve=fix resolved=fix repair=fix repaired=fix patch=fix patched=fix fixes=fix fixed=fix "
	"outcome=result outcomes=result perspective=view perspectives=view viewpoint=view opinion=view "
	"opinions=view concern=view concerns=view decision=decide decisions=decide decided=decide "
	"wrong=error mistake=error mistakes=error errors=error bug=error bugs=error defect=error defects=error "
	"explain=communicate explained=communicate communication=communicate "
	"lesson=learn lessons=learn learnt=learn learned=learn "
	"concurrent=concurrency parallel=concurrency parallelism=concurrency multithreading=concurrency "
	"multithreaded=concurrency "
	"mutex=lock mutexes=lock locking=lock "
	"apis=api endpoint=api endpoints=api "
	"replica=replicate replicas=replicate replication=replicate replicated=replicate "
	"shard=partition shards=partition sharding=partition sharded=partition partitioning=partition "
	"partitioned=partition "
	"hashmap=hashtable dictionary=hashtable "
	"ram=memory "
	"k8s=kubernetes js=javascript ts=typescript postgres=postgresql psql=postgresql golang=go "
	"squad=team "
	"costs=cost expense=cost expenses=cost spend=cost "
	"ownership=own owned=own responsible=own responsibility=own accountable=own "
	"accountability=own "
	"mentor=mentor mentored=mentor coached=mentor coach=mentor taught=mentor teach=mentor "
	"docs=document documentation=document documented=document "
	"monitoring=monitor alert=monitor alerts=monitor alerting=monitor observability=monitor "
	"dashboard=monitor dashboards=monitor "
	"revert=rollback reverted=rollback rollbacks=rollback "
	"deployed=deploy deployment=deploy release=deploy released=deploy ship=deploy shipped=deploy "
	"launch=deploy launched=deploy "
	"led=lead built=build wrote=write ran=run chose=choose spoke=speak met=meet made=make took=take "
	"found=find gave=give brought=bring thought=think told=tell sent=send spent=spend kept=keep "
	"held=hold rewrote=rewrite broke=break began=begin went=go did=do got=get had=have "
	"understood=understand oversaw=oversee";

static uint32_t
hash_word(const char *w, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

static struct lx_slot *
find_slot(const char *w, size_t n, int create)
{
	uint32_t i;

	if (n == 0 || n > LX_WORDMAX)
		return NULL;
	i = hash_word(w, n) & (LX_SLOTS - 1);
	for (;;) {
		struct lx_slot *s = &lx_table[i];
		if (s->word[0] == '\0') {
			if (!create)
				return NULL;
			memcpy(s->word, w, n);
			s->word[n] = '\0';
			return s;
		}
		if (strncmp(s->word, w, n) == 0 && s->word[n] == '\0')
			return s;
		i = (i + 1) & (LX_SLOTS - 1);
	}
}

static void
build_table(void)
{
	for (size_t l = 0; l < sizeof(lx_lists) / sizeof(lx_lists[0]); l++) {
		const char *p = lx_lists[l].words;
		while (*p) {
			const char *e;
			while (*p == ' ')
				p++;
			e = p;
			while (*e && *e != ' ')
				e++;
			/* "_not" marks a word listed only to document that it is excluded */
			if (e > p && !(e - p > 4 && memcmp(e - 4, "_not", 4) == 0)) {
				struct lx_slot *s = find_slot(p, (size_t)(e - p), 1);
				if (s)
					s->flags |= lx_lists[l].flags;
			}
			p = e;
		}
	}
	for (const char *p = lx_synonyms; *p;) {
		const char *eq, *e;
		while (*p == ' ')
			p++;
		eq = p;
		while (*eq && *eq != '=')
			eq++;
		if (*eq != '=')
			break;
		e = eq + 1;
		while (*e && *e != ' ')
			e++;
		struct lx_slot *s = find_slot(p, (size_t)(eq - p), 1);
		size_t cn = (size_t)(e - eq - 1);
		if (s && cn > 0 && cn <= LX_WORDMAX) {
			memcpy(s->canonbuf, eq + 1, cn);
			s->canonbuf[cn] = '\0';
			s->canon = s->canonbuf;
		}
		p = e;
	}
}

uint32_t
lexicon_lookup(const char *word, size_t len, const char **canon)
{
	const struct lx_slot *s;

	pthread_once(&lx_once, build_table);
	s = find_slot(word, len, 0);
	if (canon)
		*canon = s ? s->canon : NULL;
	return s ? s->flags : 0;
}
