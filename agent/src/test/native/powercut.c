/*
 * powercut.so: an LD_PRELOAD layer that records what of one directory tree would survive a
 * power cut, so that a test can "cut the power" (SIGKILL the process, then put the tree back
 * to that state) at any moment.
 *
 * The model is POSIX's, taken strictly: a file's content is durable once fsync (or fdatasync)
 * on it returned; a directory's names are durable once fsync on the directory returned. Nothing
 * else is: not a write, a rename, an unlink, a truncate, a close. So after a cut, the tree is
 * what the last fsync of each directory listed, each file holding what the last fsync of that
 * file saw, and a durably named file whose content was never made durable comes back empty.
 *
 * Files are known by identity, not by name or inode number (names move, numbers are reused):
 * a file or directory created under the tree gets a fresh identity at creation (open with
 * O_CREAT that creates, creat, mkdir). The shadow directory ($POWERCUT_SHADOW) holds:
 *   ids/DEV:INO      the identity of the live inode DEV:INO
 *   data/ID          the durable content of file ID
 *   dirs/ID          the durable listing of directory ID: lines "f ID MODE NAME" (a file) or
 *                    "d ID MODE NAME" (a directory), MODE in octal
 *   log              one line per event; "untracked" lines name files the layer did not see
 *                    being created (they would escape the model: the test fails on them)
 * The test writes the baseline (the tree as it stands, all of it durable, and the root's
 * identity in "root") before starting the process, and rebuilds the tree from the shadow
 * after the cut. Every shadow file is replaced by rename, so a kill in the middle of an
 * fsync leaves the previous durable state, as a real cut in the middle of an fsync may.
 *
 * Environment: POWERCUT_DIR (the tree, an absolute path without symlinks), POWERCUT_SHADOW.
 * Without them the layer does nothing.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static int (*real_open)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_mkdir)(const char *, mode_t);
static int (*real_mkdirat)(int, const char *, mode_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_close)(int);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_rename)(const char *, const char *);

/* Both well under PATH_MAX, so that every path built from them fits. */
static char tree[1024];
static size_t tree_len;
static char shadow[1024];
static int active;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_ulong counter;
static unsigned long long started;
static __thread int busy;

__attribute__((constructor)) static void init(void) {
    real_open = dlsym(RTLD_NEXT, "open");
    real_openat = dlsym(RTLD_NEXT, "openat");
    real_mkdir = dlsym(RTLD_NEXT, "mkdir");
    real_mkdirat = dlsym(RTLD_NEXT, "mkdirat");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_close = dlsym(RTLD_NEXT, "close");
    real_read = dlsym(RTLD_NEXT, "read");
    real_write = dlsym(RTLD_NEXT, "write");
    real_rename = dlsym(RTLD_NEXT, "rename");
    const char *t = getenv("POWERCUT_DIR");
    const char *s = getenv("POWERCUT_SHADOW");
    if (t == NULL || s == NULL || strlen(t) >= sizeof tree || strlen(s) >= sizeof shadow) {
        return;
    }
    strcpy(tree, t);
    tree_len = strlen(tree);
    while (tree_len > 1 && tree[tree_len - 1] == '/') {
        tree[--tree_len] = '\0';
    }
    strcpy(shadow, s);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    started = (unsigned long long) ts.tv_sec * 1000000000ULL + (unsigned long long) ts.tv_nsec;
    active = 1;
}

static void log_line(const char *fmt, ...) {
    char path[PATH_MAX];
    char line[2 * PATH_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if (n > (int) sizeof line - 2) {
        n = (int) sizeof line - 2;
    }
    line[n++] = '\n';
    snprintf(path, sizeof path, "%s/log", shadow);
    int fd = real_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
        (void) !real_write(fd, line, (size_t) n);
        real_close(fd);
    }
}

/* Whether an absolute path lies in the tree (the tree itself included). */
static int in_tree(const char *path) {
    return strncmp(path, tree, tree_len) == 0 && (path[tree_len] == '\0' || path[tree_len] == '/');
}

static int fd_path(int fd, char *out, size_t size) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, size - 1);
    if (n < 0) {
        return -1;
    }
    out[n] = '\0';
    return 0;
}

/* Writes content to shadow/REL atomically (temporary file, then rename). */
static int shadow_put(const char *rel, int (*fill)(int out, void *arg), void *arg) {
    char final_path[PATH_MAX - 64];
    char tmp[PATH_MAX];
    snprintf(final_path, sizeof final_path, "%s/%s", shadow, rel);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", final_path, (long) syscall(SYS_gettid));
    int out = real_open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        log_line("error cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    int rc = fill(out, arg);
    real_close(out);
    if (rc != 0 || real_rename(tmp, final_path) != 0) {
        log_line("error cannot store %s", final_path);
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int fill_text(int out, void *arg) {
    const char *text = arg;
    size_t len = strlen(text);
    return real_write(out, text, len) == (ssize_t) len ? 0 : -1;
}

static void new_identity(const struct stat *st, const char *path, const char *why) {
    char id[96];
    char rel[128];
    snprintf(id, sizeof id, "%d.%llx.%lu", (int) getpid(), started, atomic_fetch_add(&counter, 1) + 1);
    snprintf(rel, sizeof rel, "ids/%lu:%lu", (unsigned long) st->st_dev, (unsigned long) st->st_ino);
    shadow_put(rel, fill_text, id);
    log_line("%s %s %s", why, id, path);
}

/* The identity of DEV:INO into id; -1 if the layer never saw it. */
static int identity(const struct stat *st, char *id, size_t size) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/ids/%lu:%lu", shadow, (unsigned long) st->st_dev, (unsigned long) st->st_ino);
    int fd = real_open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    ssize_t n = real_read(fd, id, size - 1);
    real_close(fd);
    if (n <= 0) {
        return -1;
    }
    id[n] = '\0';
    return 0;
}

/* After a successful open: if it created a file in the tree, that file is new. */
static void opened(int fd, int existed) {
    if (fd < 0 || existed) {
        return;
    }
    char path[PATH_MAX];
    struct stat st;
    if (fd_path(fd, path, sizeof path) == 0 && in_tree(path) && fstat(fd, &st) == 0) {
        new_identity(&st, path, "create");
    }
}

static int exists_at(int dirfd, const char *path) {
    struct stat st;
    return fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static int do_openat(int dirfd, const char *path, int flags, mode_t mode) {
    if (!active || busy || !(flags & O_CREAT)) {
        return real_openat(dirfd, path, flags, mode);
    }
    busy = 1;
    pthread_mutex_lock(&lock);
    int existed = exists_at(dirfd, path);
    int fd = real_openat(dirfd, path, flags, mode);
    int saved = errno;
    opened(fd, existed);
    pthread_mutex_unlock(&lock);
    busy = 0;
    errno = saved;
    return fd;
}

static mode_t mode_arg(int flags, va_list ap) {
    return (flags & (O_CREAT | __O_TMPFILE)) ? (mode_t) va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return do_openat(AT_FDCWD, path, flags, mode);
}

int open64(const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return do_openat(AT_FDCWD, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return do_openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return do_openat(dirfd, path, flags, mode);
}

int __open_2(const char *path, int flags) {
    return do_openat(AT_FDCWD, path, flags, 0);
}

int __open64_2(const char *path, int flags) {
    return do_openat(AT_FDCWD, path, flags, 0);
}

int __openat_2(int dirfd, const char *path, int flags) {
    return do_openat(dirfd, path, flags, 0);
}

int __openat64_2(int dirfd, const char *path, int flags) {
    return do_openat(dirfd, path, flags, 0);
}

int creat(const char *path, mode_t mode) {
    return do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

int creat64(const char *path, mode_t mode) {
    return do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

static int do_mkdirat(int dirfd, const char *path, mode_t mode) {
    if (!active || busy) {
        return real_mkdirat(dirfd, path, mode);
    }
    busy = 1;
    pthread_mutex_lock(&lock);
    int rc = real_mkdirat(dirfd, path, mode);
    int saved = errno;
    if (rc == 0) {
        int fd = real_openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            opened(fd, 0);
            real_close(fd);
        }
    }
    pthread_mutex_unlock(&lock);
    busy = 0;
    errno = saved;
    return rc;
}

int mkdir(const char *path, mode_t mode) {
    return do_mkdirat(AT_FDCWD, path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode) {
    return do_mkdirat(dirfd, path, mode);
}

static int copy_file(int out, void *arg) {
    int in = *(int *) arg;
    char buf[65536];
    ssize_t n;
    while ((n = real_read(in, buf, sizeof buf)) > 0) {
        if (real_write(out, buf, (size_t) n) != n) {
            return -1;
        }
    }
    return n == 0 ? 0 : -1;
}

struct listing {
    int dirfd;
    const char *path;
};

static int list_dir(int out, void *arg) {
    struct listing *l = arg;
    int fd = dup(l->dirfd);
    if (fd < 0) {
        return -1;
    }
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        real_close(fd);
        return -1;
    }
    rewinddir(d);
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        struct stat st;
        if (fstatat(l->dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            continue; /* gone meanwhile */
        }
        char kind;
        if (S_ISREG(st.st_mode)) {
            kind = 'f';
        } else if (S_ISDIR(st.st_mode)) {
            kind = 'd';
        } else {
            continue; /* sockets, links: not modelled, nothing durable is kept in them */
        }
        char id[96];
        if (identity(&st, id, sizeof id) != 0) {
            char child[PATH_MAX];
            snprintf(child, sizeof child, "%s/%s", l->path, e->d_name);
            new_identity(&st, child, "untracked");
            if (identity(&st, id, sizeof id) != 0) {
                rc = -1;
                continue;
            }
        }
        char line[PATH_MAX + 128];
        int n = snprintf(line, sizeof line, "%c %s %o %s\n", kind, id, (unsigned) (st.st_mode & 07777), e->d_name);
        if (real_write(out, line, (size_t) n) != n) {
            rc = -1;
        }
    }
    closedir(d);
    return rc;
}

/* After fsync returned: what it made durable goes to the shadow. */
static void made_durable(int fd) {
    char path[PATH_MAX];
    struct stat st;
    if (fd_path(fd, path, sizeof path) != 0 || !in_tree(path) || fstat(fd, &st) != 0) {
        return;
    }
    char id[96];
    if (identity(&st, id, sizeof id) != 0) {
        new_identity(&st, path, "untracked");
        if (identity(&st, id, sizeof id) != 0) {
            return;
        }
    }
    char rel[160];
    if (S_ISREG(st.st_mode)) {
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        int in = real_open(proc, O_RDONLY | O_CLOEXEC);
        if (in < 0) {
            log_line("error cannot read %s to keep it: %s", path, strerror(errno));
            return;
        }
        snprintf(rel, sizeof rel, "data/%s", id);
        if (shadow_put(rel, copy_file, &in) == 0) {
            log_line("fsync %s %lld %s", id, (long long) st.st_size, path);
        }
        real_close(in);
    } else if (S_ISDIR(st.st_mode)) {
        struct listing l = {fd, path};
        snprintf(rel, sizeof rel, "dirs/%s", id);
        if (shadow_put(rel, list_dir, &l) == 0) {
            log_line("fsync-dir %s %s", id, path);
        }
    }
}

static int synced(int fd, int rc) {
    if (rc == 0 && active && !busy) {
        int saved = errno;
        busy = 1;
        pthread_mutex_lock(&lock);
        made_durable(fd);
        pthread_mutex_unlock(&lock);
        busy = 0;
        errno = saved;
    }
    return rc;
}

int fsync(int fd) {
    return synced(fd, real_fsync(fd));
}

int fdatasync(int fd) {
    return synced(fd, real_fdatasync(fd));
}

/* Calls that would make data durable, or create files, by ways the model does not follow. */
static void unmodelled(const char *call) {
    if (active) {
        log_line("untracked call %s", call);
    }
}

void sync(void) {
    unmodelled("sync");
    ((void (*)(void)) dlsym(RTLD_NEXT, "sync"))();
}

int syncfs(int fd) {
    unmodelled("syncfs");
    return ((int (*)(int)) dlsym(RTLD_NEXT, "syncfs"))(fd);
}

int sync_file_range(int fd, off64_t offset, off64_t nbytes, unsigned int flags) {
    unmodelled("sync_file_range");
    return ((int (*)(int, off64_t, off64_t, unsigned int)) dlsym(RTLD_NEXT, "sync_file_range"))(fd, offset, nbytes, flags);
}
