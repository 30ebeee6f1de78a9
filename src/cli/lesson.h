/*
 * lesson.h - lessons: the parsed form of a .nbl lesson (lesson_format.c),
 * judging answers (grade.c), workspace snapshots (snapshot.c), progress on
 * disk (progress.c) and the runner the REPL drives (lesson.c).
 *
 * The format is documented for authors in lang/lessons.md.
 */
#ifndef NABLA_LESSON_H
#define NABLA_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"

/* ---- the parsed lesson (lesson_format.c) */

typedef struct Segment {
    bool code;              /* demo code (run and shown), else Markdown prose */
    char *text;             /* without a trailing newline */
    int line;               /* of its first line in the file */
} Segment;

typedef enum CheckKind {
    CHECK_EXPECT,           /* "expect NAME [= EXPR]": NAME judged by value */
    CHECK_TRUE,             /* "check EXPR": EXPR must be truthy */
} CheckKind;

typedef struct Check {
    CheckKind kind;
    char *name;             /* CHECK_EXPECT: the variable */
    char *expr;             /* the expected value's expression (NULL: the
                               solution's value of name) or the condition */
    char *message;          /* shown when it fails; may be NULL for expect */
    int line;
} Check;

typedef struct Mistake {
    char *code;             /* a wrong answer, as a learner might type it */
    char *message;          /* what to say when the learner's values match it */
    int line;
} Mistake;

typedef struct Step {
    char *id;
    char *title;
    int line;
    Segment *segs;          /* prose and demo code in order */
    int nsegs;
    bool has_task;
    char *task;             /* the exercise, Markdown */
    char *starter;          /* code to start from, or NULL */
    char *solution;         /* runs in the plain program, and on :skip */
    Check *checks;
    int nchecks;
    char **hints;           /* weakest first */
    int nhints;
    Mistake *mistakes;
    int nmistakes;
    double rtol, atol;      /* value tolerance of expect checks */
    bool same_dtype;        /* expect checks compare dtypes too */
} Step;

typedef struct Lesson {
    char *id;
    char *title;
    char *intro;            /* Markdown before the first step, or NULL */
    char **requires;
    int nrequires;
    long long seed;
    int minutes;            /* 0: not given */
    Step *steps;
    int nsteps;
    uint64_t hash;          /* of the file's bytes: progress is keyed by it */
    char *path;
} Lesson;

/* Parses src; on failure fills err with "file:line: message" lines. */
bool lesson_parse(const char *src, size_t len, const char *path, Lesson *out, char *err, size_t errsize);
bool lesson_load(const char *path, Lesson *out, char *err, size_t errsize);
void lesson_free(Lesson *l);
/* Problems a parse cannot see (missing hints, duplicate ids, ...); each is
   appended to report as a line; returns how many.  episode: also demand
   the size of a catalogue episode (>= 8 steps, >= 3 exercises). */
int lesson_lint(const Lesson *l, bool episode, char *report, size_t size);
/* The step named by id, by number ("3"), or -1. */
int lesson_step_index(const Lesson *l, const char *name);
int lesson_exercise_count(const Lesson *l);
uint64_t lesson_hash_bytes(const char *s, size_t n);

/* The lessons of a folder, in file-name order (01-..., 02-...). */
typedef struct Catalog {
    Lesson *items;
    int count;
} Catalog;
void catalog_load(Catalog *c, const char *dir);
void catalog_free(Catalog *c);
/* By id, by number, or by unique prefix; -1 when none. */
int catalog_find(const Catalog *c, const char *name);

/* ---- judging (grade.c) */

typedef enum Grade {
    GRADE_CORRECT,
    GRADE_CLOSE,            /* within a loose tolerance */
    GRADE_MISTAKE,          /* matches a known mistake */
    GRADE_WRONG,            /* right shape, other values */
    GRADE_WRONG_SHAPE,
    GRADE_WRONG_DTYPE,
    GRADE_WRONG_TYPE,
    GRADE_MISSING,          /* the name is undefined or still a placeholder */
    GRADE_ERROR,            /* the check itself raised */
} Grade;

typedef struct Verdict {
    Grade grade;
    int mistake;            /* GRADE_MISTAKE: which */
    char message[1024];
} Verdict;

const char *grade_name(Grade g);
/* Judges got (the learner's NAME) against want. */
void grade_value(VM *vm, const char *name, Value got, bool defined, Value want, double rtol, double atol,
                 bool same_dtype, Verdict *out);
/* True when a and b are equal within the tolerance (shapes equal too). */
bool grade_same(VM *vm, Value a, Value b, double rtol, double atol);
/*
 * Judges the learner's workspace against the step: each check in order,
 * the first that fails decides.  ref holds the workspace after the
 * solution; mistakes[j] after mistake j (NULL when it could not run).
 */
void grade_step(VM *vm, const Step *s, ObjModule *learner, ObjDict *ref, ObjDict **mistakes, Verdict *out);

/* ---- snapshots (snapshot.c) */

/* A deep copy of a workspace: tensors, lists, dicts, tuples and instances
   are copied, keeping which tensors view which storage (so a view still
   writes through to its base after a restore); functions, modules and
   other objects are shared.  NULL when it raised. */
ObjDict *snapshot_take(VM *vm, ObjDict *globals);
/* Replaces globals' contents with a fresh deep copy of snap. */
bool snapshot_restore(VM *vm, ObjDict *globals, ObjDict *snap);

/* ---- progress on disk (progress.c) */

typedef struct ProgressEntry {
    char id[64];
    uint64_t hash;
    bool done;              /* the lesson was finished */
    char step[64];          /* the step the learner was on */
    char *steps_done;       /* "id,id,..." (malloc'd, may be NULL) */
} ProgressEntry;

typedef struct Progress {
    ProgressEntry *items;
    int count;
    char path[1024];        /* "" when there is nowhere to keep it */
} Progress;

/* Reads $XDG_DATA_HOME/nabla/progress (~/.local/share/...); a missing or
   unreadable file is no progress. */
void progress_load(Progress *p);
/* Writes the whole file atomically (temporary file, fsync, rename);
   false with a message when it could not, leaving the old file intact. */
bool progress_save(const Progress *p, char *err, size_t errsize);
ProgressEntry *progress_get(Progress *p, const char *id);
ProgressEntry *progress_put(Progress *p, const char *id);
bool progress_remove(Progress *p, const char *id);
bool progress_step_done(const ProgressEntry *e, const char *step);
void progress_mark_step(ProgressEntry *e, const char *step);
void progress_free(Progress *p);

/* ---- the runner (lesson.c) */

/* Starts the lesson at path in r (resume offered when progress exists);
   save: whether progress is written. */
bool lesson_start_path(Repl *r, const char *path, bool save);
/* Grades the current step now (no output). False outside an exercise. */
bool lesson_grade_now(Repl *r, Verdict *out);
int lesson_current_step(Repl *r);
/* Completion of ':lesson NAME', ':goto ID', ':reset step'. */
void lesson_complete_arg(Repl *r, const char *cmd, const char *typed, size_t n, Completions *out);

#endif
