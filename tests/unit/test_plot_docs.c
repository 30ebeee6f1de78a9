/*
 * test_plot_docs.c - the example in the doc of every plotting builtin runs
 * and prints exactly what the doc shows, so help() cannot drift from the
 * drawing code.
 *
 * A doc's example is the indented block after "Example:": lines starting
 * with ">>> " are code, the others the output expected from the code before
 * them.  The examples run in a temporary folder (savefig writes a file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nabla.h"

static int failures;

static char captured[1 << 16];
static size_t captured_len;

static void capture(void *ud, const char *text, size_t len)
{
    (void)ud;
    if (captured_len + len < sizeof captured) {
        memcpy(captured + captured_len, text, len);
        captured_len += len;
        captured[captured_len] = '\0';
    }
}

static void check_example(nb_vm *vm, const char *name)
{
    char src[128];
    snprintf(src, sizeof src, "doc = %s.__doc__", name);
    const char *doc = NULL;
    if (nb_eval(vm, src, name) != NB_OK || nb_get_string(vm, "doc", &doc) != NB_OK) {
        fprintf(stderr, "%s: no doc string\n", name);
        failures++;
        return;
    }
    const char *ex = strstr(doc, "\nExample:\n");
    if (!ex) {
        fprintf(stderr, "%s: the doc has no example\n", name);
        failures++;
        return;
    }
    char *text = strdup(ex + strlen("\nExample:\n"));
    char expected[1 << 14] = "";
    int ran = 0;
    captured_len = 0;
    captured[0] = '\0';
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "    ", 4) != 0)
            break;
        if (strncmp(line + 4, ">>> ", 4) == 0) {
            if (nb_eval(vm, line + 8, name) != NB_OK) {
                fprintf(stderr, "%s: example '%s' failed: %s\n", name, line + 8,
                        nb_error(vm)->message);
                failures++;
            }
            ran++;
        } else {
            strncat(expected, line + 4, sizeof expected - strlen(expected) - 2);
            strcat(expected, "\n");
        }
    }
    free(text);
    if (ran == 0) {
        fprintf(stderr, "%s: the example has no code\n", name);
        failures++;
    } else if (strcmp(expected, captured) != 0) {
        fprintf(stderr, "%s: the example prints\n%s\nbut the doc says\n%s\n", name, captured,
                expected);
        failures++;
    }
}

int main(void)
{
    char dir[] = "/tmp/nabla-plot-docs-XXXXXX";
    char cwd[4096];
    if (!mkdtemp(dir) || !getcwd(cwd, sizeof cwd) || chdir(dir) != 0) {
        perror("test_plot_docs: temporary folder");
        return 1;
    }
    nb_config cfg = {0};
    cfg.write_out = capture;
    nb_vm *vm = nb_new(&cfg);
    if (!vm) {
        fprintf(stderr, "test_plot_docs: no VM\n");
        return 1;
    }
    static const char *const names[] = {"plot", "scatter", "hist", "imshow", "savefig", NULL};
    for (int i = 0; names[i]; i++)
        check_example(vm, names[i]);
    nb_free(vm);
    if (access("loss.svg", F_OK) != 0) {
        fprintf(stderr, "savefig's example wrote no loss.svg\n");
        failures++;
    }
    remove("loss.svg");
    if (chdir(cwd) != 0 || rmdir(dir) != 0)
        perror("test_plot_docs: removing the temporary folder");
    if (failures) {
        fprintf(stderr, "test_plot_docs: %d failure(s)\n", failures);
        return 1;
    }
    printf("test_plot_docs: 5 examples print what their docs say\n");
    return 0;
}
