/*
 * progress.c - where the learner is in each lesson, kept in
 * $XDG_DATA_HOME/nabla/progress (by default ~/.local/share/nabla/progress).
 *
 * One line per lesson:  ID HASH STATE STEP DONE-STEPS
 *   arrays 9f2c41d07ab3e001 started broadcasting shapes,dtypes,indexing
 * HASH is the lesson file's content hash: when the lesson changes, steps
 * are still matched by their stable ids.  The file is replaced atomically
 * (write a temporary file beside it, fsync, rename over), so a crash or a
 * full disk leaves either the old file or the new one, never half of one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/lesson.h"

#define PROGRESS_MAGIC "nabla-progress 1"

static void progress_folder(char *out, size_t size)
{
    const char *data = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (data && data[0] == '/')
        snprintf(out, size, "%s/nabla", data);
    else if (home && home[0])
        snprintf(out, size, "%s/.local/share/nabla", home);
    else
        out[0] = '\0';
}

void progress_load(Progress *p)
{
    memset(p, 0, sizeof *p);
    char dir[900];
    progress_folder(dir, sizeof dir);
    if (!dir[0])
        return;
    snprintf(p->path, sizeof p->path, "%s/progress", dir);
    FILE *f = fopen(p->path, "r");
    if (!f)
        return;
    char line[8192];
    bool magic = fgets(line, sizeof line, f) && strncmp(line, PROGRESS_MAGIC, strlen(PROGRESS_MAGIC)) == 0;
    while (magic && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char id[64], hash[32], state[16], step[64], done[8192];
        if (sscanf(line, "%63s %31s %15s %63s %8191s", id, hash, state, step, done) != 5)
            continue;   /* a damaged line costs that lesson's progress, nothing else */
        ProgressEntry *e = progress_put(p, id);
        if (!e)
            break;
        e->hash = strtoull(hash, NULL, 16);
        e->done = strcmp(state, "done") == 0;
        snprintf(e->step, sizeof e->step, "%s", strcmp(step, "-") == 0 ? "" : step);
        free(e->steps_done);
        e->steps_done = strcmp(done, "-") == 0 ? NULL : strdup(done);
    }
    fclose(f);
}

static bool make_folders(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s", dir);
    for (char *q = path + 1; *q; q++)
        if (*q == '/') {
            *q = '\0';
            if (mkdir(path, 0700) != 0 && errno != EEXIST)
                return false;
            *q = '/';
        }
    return mkdir(path, 0700) == 0 || errno == EEXIST;
}

bool progress_save(const Progress *p, char *err, size_t errsize)
{
    if (!p->path[0]) {
        snprintf(err, errsize, "no HOME or XDG_DATA_HOME: progress is not kept");
        return false;
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", p->path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    if (!make_folders(dir)) {
        snprintf(err, errsize, "cannot make %s: %s", dir, strerror(errno));
        return false;
    }
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", p->path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        snprintf(err, errsize, "cannot write %s: %s", tmp, strerror(errno));
        return false;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        snprintf(err, errsize, "cannot write %s: %s", tmp, strerror(errno));
        return false;
    }
    fprintf(f, PROGRESS_MAGIC "\n# lesson content-hash state step steps-done\n");
    for (int i = 0; i < p->count; i++) {
        const ProgressEntry *e = &p->items[i];
        fprintf(f, "%s %016llx %s %s %s\n", e->id, (unsigned long long)e->hash, e->done ? "done" : "started",
                e->step[0] ? e->step : "-", e->steps_done && e->steps_done[0] ? e->steps_done : "-");
    }
    /* every byte on the disk before the rename makes it visible */
    bool ok = fflush(f) == 0 && !ferror(f) && fsync(fd) == 0;
    int saved = errno;
    if (fclose(f) != 0)
        ok = false;
    if (!ok || rename(tmp, p->path) != 0) {
        if (ok)
            saved = errno;
        unlink(tmp);
        snprintf(err, errsize, "cannot save progress to %s: %s (the old file is intact)", p->path,
                 strerror(saved));
        return false;
    }
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return true;
}

ProgressEntry *progress_get(Progress *p, const char *id)
{
    for (int i = 0; i < p->count; i++)
        if (strcmp(p->items[i].id, id) == 0)
            return &p->items[i];
    return NULL;
}

ProgressEntry *progress_put(Progress *p, const char *id)
{
    ProgressEntry *e = progress_get(p, id);
    if (e)
        return e;
    ProgressEntry *items = realloc(p->items, sizeof(ProgressEntry) * (size_t)(p->count + 1));
    if (!items)
        return NULL;
    p->items = items;
    e = &p->items[p->count++];
    memset(e, 0, sizeof *e);
    snprintf(e->id, sizeof e->id, "%s", id);
    return e;
}

bool progress_remove(Progress *p, const char *id)
{
    for (int i = 0; i < p->count; i++)
        if (strcmp(p->items[i].id, id) == 0) {
            free(p->items[i].steps_done);
            memmove(&p->items[i], &p->items[i + 1], sizeof(ProgressEntry) * (size_t)(p->count - i - 1));
            p->count--;
            return true;
        }
    return false;
}

bool progress_step_done(const ProgressEntry *e, const char *step)
{
    size_t n = strlen(step);
    for (const char *s = e->steps_done; s && *s;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        if (len == n && strncmp(s, step, n) == 0)
            return true;
        s += len + (comma ? 1 : 0);
    }
    return false;
}

void progress_mark_step(ProgressEntry *e, const char *step)
{
    if (progress_step_done(e, step))
        return;
    size_t old = e->steps_done ? strlen(e->steps_done) : 0;
    char *s = realloc(e->steps_done, old + strlen(step) + 2);
    if (!s)
        return;
    if (old)
        s[old++] = ',';
    strcpy(s + old, step);
    e->steps_done = s;
}

void progress_free(Progress *p)
{
    for (int i = 0; i < p->count; i++)
        free(p->items[i].steps_done);
    free(p->items);
    memset(p, 0, sizeof *p);
}
