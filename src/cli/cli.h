/*
 * cli.h - shared by the nabla command's files: the REPL session, its
 * commands, completion, tracing, and the lesson runner.
 *
 * Everything the REPL prints goes through repl_write / repl_error so that
 * one switch decides where it lands: the terminal (with colour), nowhere
 * (while steps are replayed quietly), or a buffer (lesson self-checks).
 */
#ifndef NABLA_CLI_H
#define NABLA_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strbuf.h"
#include "vm/vm.h"

/* ---- main.c */

/* Reads a whole file into a malloc'd, NUL-terminated buffer. */
bool cli_read_file(const char *path, char **data, size_t *len);
/* Prints vm->exception to stderr (with carets and trace) and clears it;
   for code run outside a REPL session. */
void cli_report_error(VM *vm);

/* ---- term.c: colour and text shapes */

typedef enum Style {
    STYLE_RESET,
    STYLE_ERROR,    /* red */
    STYLE_PROMPT,   /* bold blue */
    STYLE_DIM,      /* dtype footers, notes */
    STYLE_BOLD,
    STYLE_OK,       /* green: a passed check */
    STYLE_WARN,     /* yellow: close, hints */
    STYLE_CODE,     /* cyan: `code` in prose */
    STYLE_COUNT
} Style;

/* True when colour suits the stream: a terminal, and NO_COLOR unset. */
bool term_color_ok(int fd);
/* The escape for s, or "" when color is false. */
const char *term_style(bool color, Style s);
/* Columns of the terminal on stdout (80 when unknown or not a terminal). */
int term_width(void);
/* Display columns of UTF-8 text (one per code point; no wide characters
   in the REPL's own messages). */
size_t term_text_width(const char *s, size_t len);
/* Closest candidate to name by edit distance (at most 1 edit for short
   names, 2 for longer), or NULL: the REPL's "did you mean". */
const char *term_suggest(const char *name, const char *const *cands, int n);
/* Lesson prose (a subset of Markdown) rendered for the terminal; without
   colour the text stays as written. */
void term_markdown(StrBuf *out, const char *md, bool color);

/* ---- repl.c: the session */

typedef struct LessonRun LessonRun;

typedef enum Ask {
    ASK_NONE,
    ASK_RESUME,     /* "resume at step k? [Y/n]" for :lesson */
} Ask;

typedef struct ReplOptions {
    bool transcript;        /* echo prompts and input lines (piped stdin) */
    const char *lesson;     /* start this lesson (nabla --lesson NAME) */
    const char *lessons_dir;/* NULL: found from the environment and the binary */
} ReplOptions;

typedef struct Repl {
    VM *vm;
    StrBuf pending;         /* the lines of an entry still being typed */
    bool block;             /* inside a block: '... ' prompts until a blank line */
    bool interactive;       /* stdin is a terminal: libedit */
    bool transcript;
    bool color;             /* colour on stdout */
    bool err_color;         /* colour on stderr */
    bool quit;              /* leave the REPL after this line */
    int quiet;              /* > 0: swallow all output (replays, scratch runs) */
    StrBuf *capture;        /* non-NULL: output goes here instead of stdout */
    bool at_line_start;     /* the last byte written was '\n' (dtype-footer colouring) */
    int errors;             /* errors reported so far */
    Ask ask;                /* a pending question: the next line answers it */
    char ask_arg[128];
    LessonRun *run;         /* the lesson being taken, or NULL */
    char lessons_dir[1024];
    char last_lesson[128];  /* id of the lesson left with :quit, for :lesson alone */
} Repl;

bool repl_init(Repl *r, VM *vm, const ReplOptions *opt);
void repl_free(Repl *r);
/* The interactive loop; returns the exit status. */
int repl_run(VM *vm, const ReplOptions *opt);
/* Handles one line as if typed at the prompt (NULL: end of input). */
void repl_feed(Repl *r, const char *line);
/* The prompt for the next line, without colour. */
const char *repl_prompt(Repl *r, char *buf, size_t size);

void repl_write(Repl *r, const char *text, size_t len);
void repl_puts(Repl *r, const char *text);
void repl_printf(Repl *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A line in a style (the style is dropped without colour). */
void repl_styled(Repl *r, Style s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void repl_error_text(Repl *r, const char *text, size_t len);
/* Prints vm->exception (with carets and trace) and clears it. */
void repl_report_error(Repl *r);
/* Compiles and runs one entry in the main module; echo: expression
   statements print their value (a trailing ';' turns it off).  Errors
   are reported.  Returns true when it ran without error. */
bool repl_exec(Repl *r, const char *src, size_t len, bool echo);
/* Shows a line of code as typed at the prompt: ">>> code" / "... code". */
void repl_show_input(Repl *r, const char *code, size_t len);
/* Renders Markdown prose (headings, **bold**, `code`, lists). */
void repl_prose(Repl *r, const char *markdown);
/* Output of VM code goes through the REPL while quiet/capture apply. */
void repl_begin_quiet(Repl *r);
void repl_end_quiet(Repl *r);

/* A new module named name; NULL when it raised.  (The name is kept alive
   while the module is made.) */
ObjModule *repl_new_module(VM *vm, const char *name);

/* ---- commands.c: ':' commands and '?' help */

/* Runs a ':' command line (the text after ':'). */
void cmd_run(Repl *r, const char *line);
/* '?x' and 'x?': help on x. */
void cmd_help_on(Repl *r, const char *expr);
/* Looks up a plain or dotted name without running code other than
   attribute reads on modules, classes, instances' fields and tensors;
   false when some part is missing. */
bool cmd_resolve_name(VM *vm, const char *text, size_t len, Value *out);

/* ---- complete.c: Tab completion */

typedef struct Completions {
    char **items;           /* each the full replacement for line[start..point) */
    int count, cap;
    int start;              /* where the replaced text begins in the line */
} Completions;

/* Candidates for the text before point: names, keywords, members after
   '.', keyword arguments inside a call, and paths inside strings. */
void complete_line(Repl *r, const char *line, int point, Completions *out);
void completions_free(Completions *c);
/* Adds prefix[0..plen) + name + suffix unless already there. */
void completions_add(Completions *c, const char *prefix, size_t plen, const char *name, const char *suffix);
/* Installs the libedit hook. */
void complete_install(Repl *r);
/* :commands starting with typed[0..n) (commands.c). */
void cmd_complete_names(const char *typed, size_t n, Completions *out);

/* ---- trace.c: ':trace expr' */

void trace_expr(Repl *r, const char *src);

/* ---- lesson.c: the lesson runner (also see lesson.h) */

void lesson_cmd(Repl *r, const char *name, const char *arg);
/* After an entry ran in a lesson: grade the current exercise. */
void lesson_after_entry(Repl *r, bool ran_ok);
/* The answer to a pending question. */
void lesson_answer(Repl *r, const char *line);
/* The "[arrays 3/12]" part of the prompt, or NULL outside a lesson. */
const char *lesson_prompt(Repl *r, char *buf, size_t size);
void lesson_end(Repl *r);
/* Where the lessons live (NABLA_LESSONS, then beside the binary). */
void lesson_find_dir(char *out, size_t size);
/* `nabla lessons`: prints the catalogue; the exit status. */
int lesson_list_main(const char *dir);
/* `nabla --check-lesson FILE [PART]`: lints and proves a lesson (PART:
   lint, exercises, skip or plain; NULL: all); the exit status. */
int lesson_check_main(const char *path, const char *lessons_dir, const char *part);

#endif
