/*
 * Coded text columns looked up in their small vocabulary, one read of each row.
 *
 * The batch path turns a coded column (a permit ground, a family situation)
 * into each row's index in its vocabulary. For numpy object columns (a Python
 * str per row) the fastest library peer is pandas' factorize, which hashes
 * every string with SipHash and compares it through Python's rich comparison;
 * for numpy fixed-width text it is Arrow's hash lookup over fixed-size binary.
 * Both are general hash tables. A vocabulary has a few dozen values at most,
 * so here a row's length and first and last characters pick a bucket of a
 * 256-slot table and one memcmp settles it: a few nanoseconds a row.
 *
 * The module is optional: etableringsmodell.batch.columns uses pandas and
 * numpy when it was not built (no C compiler where the package was installed),
 * and the tests compare both paths. It uses the limited, stable parts of the
 * C API only through the buffer protocol and the str macros, and needs no
 * numpy headers: numpy arrays export their buffers ("O" for objects, "<n>w"
 * for UCS-4 text).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 256

/* One vocabulary value: its code, its characters and its bucket's next entry. */
typedef struct {
    Py_ssize_t code; /* index in the vocabulary; -1 for the empty string (missing) */
    Py_ssize_t length;
    int kind;
    const void *data;
    Py_ssize_t next; /* index of the next entry in the same slot, -1 at the end */
} entry;

typedef struct {
    Py_ssize_t heads[SLOTS];
    entry *entries;
    Py_ssize_t count;
} table;

static unsigned int
slot_of(Py_ssize_t length, Py_UCS4 first, Py_UCS4 last)
{
    /* Multiplicative hashing of the three numbers; the top byte spreads best. */
    unsigned int h = (unsigned int)length * 0x9E3779B1u;
    h ^= (unsigned int)first * 0x85EBCA77u;
    h ^= (unsigned int)last * 0xC2B2AE3Du;
    h ^= h >> 15;
    h *= 0x27D4EB2Fu;
    return h >> 24;
}

static void
table_free(table *t)
{
    free(t->entries);
    t->entries = NULL;
}

/* Python 3.11 may still hold a str in its legacy form: made canonical before its kind is read. */
static int
ready(PyObject *text)
{
#if PY_VERSION_HEX < 0x030C0000
    return PyUnicode_READY(text);
#else
    (void)text;
    return 0;
#endif
}

/* Checks a vocabulary tuple of exact str and fills the table; returns 0, or -1 with an exception set. */
static int
table_fill(table *t, PyObject *vocabulary, Py_ssize_t max_length)
{
    Py_ssize_t k, i;
    if (!PyTuple_CheckExact(vocabulary)) {
        PyErr_SetString(PyExc_TypeError, "vocabulary must be a tuple of str");
        return -1;
    }
    k = PyTuple_GET_SIZE(vocabulary);
    for (i = 0; i < SLOTS; i++) {
        t->heads[i] = -1;
    }
    /* One more entry for the empty string, which is a missing value. */
    t->entries = (entry *)calloc((size_t)k + 1, sizeof(entry));
    if (t->entries == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    t->count = 0;
    for (i = -1; i < k; i++) {
        PyObject *value = i < 0 ? NULL : PyTuple_GET_ITEM(vocabulary, i);
        entry *e = &t->entries[t->count];
        unsigned int s;
        if (value != NULL) {
            if (!PyUnicode_CheckExact(value)) {
                PyErr_SetString(PyExc_TypeError, "vocabulary must be a tuple of str");
                table_free(t);
                return -1;
            }
            if (ready(value) < 0) {
                table_free(t);
                return -1;
            }
            e->length = PyUnicode_GET_LENGTH(value);
            if (e->length == 0 || e->length > max_length) {
                continue; /* "" is the missing entry below; a longer value cannot be in the column */
            }
            e->code = i;
            e->kind = PyUnicode_KIND(value);
            e->data = PyUnicode_DATA(value);
            s = slot_of(e->length, PyUnicode_READ(e->kind, e->data, 0),
                        PyUnicode_READ(e->kind, e->data, e->length - 1));
        } else {
            e->code = -1;
            e->length = 0;
            e->kind = PyUnicode_1BYTE_KIND;
            e->data = "";
            s = slot_of(0, 0, 0);
        }
        e->next = t->heads[s];
        t->heads[s] = t->count;
        t->count++;
    }
    return 0;
}

/* A writable, C-contiguous buffer of n Py_ssize_t; returns 0, or -1 with an exception set. */
static int
get_out(PyObject *out, Py_buffer *view, Py_ssize_t n)
{
    if (PyObject_GetBuffer(out, view, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) < 0) {
        return -1;
    }
    if (view->itemsize != (Py_ssize_t)sizeof(Py_ssize_t) || view->len != n * view->itemsize) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_ValueError, "out must hold one intp per row");
        return -1;
    }
    return 0;
}

/* What both functions hold while they run: the two buffers and the vocabulary's table. */
typedef struct {
    Py_buffer values;
    Py_buffer out;
    table t;
    Py_ssize_t rows;
} call;

/* A 1-D buffer of PyObject pointers, as numpy exports an object array. */
static int
holds_objects(const Py_buffer *view)
{
    return view->format != NULL && strcmp(view->format, "O") == 0 && view->ndim == 1
           && view->itemsize == (Py_ssize_t)sizeof(PyObject *);
}

/* A 1-D buffer of UCS-4 text: numpy's "<n>w" (native order; "<" or "=" may lead). */
static int
holds_text(const Py_buffer *view)
{
    size_t length = view->format == NULL ? 0 : strlen(view->format);
    return length > 0 && view->format[length - 1] == 'w' && view->ndim == 1 && view->format[0] != '>'
           && view->format[0] != '!' && view->itemsize > 0 && view->itemsize % 4 == 0;
}

/* Takes (values, vocabulary, out): their buffers, checked, and the table; 0, or -1 with an exception set and nothing held. */
static int
call_open(call *c, PyObject *args, const char *signature, int text)
{
    PyObject *values, *vocabulary, *out;
    if (!PyArg_ParseTuple(args, signature, &values, &vocabulary, &out)) {
        return -1;
    }
    if (PyObject_GetBuffer(values, &c->values, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) {
        return -1;
    }
    if (!(text ? holds_text(&c->values) : holds_objects(&c->values))) {
        PyBuffer_Release(&c->values);
        PyErr_SetString(PyExc_TypeError, text ? "values must be a 1-D numpy text array in native byte order"
                                              : "values must be a 1-D object array");
        return -1;
    }
    c->rows = c->values.len / c->values.itemsize;
    if (get_out(out, &c->out, c->rows) < 0) {
        PyBuffer_Release(&c->values);
        return -1;
    }
    /* A value longer than a text column's width cannot be in it. */
    if (table_fill(&c->t, vocabulary, text ? c->values.itemsize / 4 : PY_SSIZE_T_MAX) < 0) {
        PyBuffer_Release(&c->out);
        PyBuffer_Release(&c->values);
        return -1;
    }
    return 0;
}

static void
call_close(call *c)
{
    table_free(&c->t);
    PyBuffer_Release(&c->out);
    PyBuffer_Release(&c->values);
}

PyDoc_STRVAR(object_codes_doc,
"object_codes(values, vocabulary, out) -> int\n\n"
"Each row of a 1-D numpy object array of str (values) as its index in the\n"
"tuple vocabulary, written to out (intp, one per row); None and \"\" are -1.\n"
"Returns -1 when every row was coded, else the first row that is neither a\n"
"vocabulary value, None nor \"\" (a str subclass, a number, an unknown text):\n"
"out is then only partly written.");

static PyObject *
object_codes(PyObject *self, PyObject *args)
{
    call c;
    Py_ssize_t row, failed = -1;
    PyObject **objects;
    Py_ssize_t *codes;
    (void)self;

    if (call_open(&c, args, "OOO:object_codes", 0) < 0) {
        return NULL;
    }
    objects = (PyObject **)c.values.buf;
    codes = (Py_ssize_t *)c.out.buf;
    /* The GIL stays held: another thread could otherwise replace a row and free its string. */
    for (row = 0; row < c.rows; row++) {
        PyObject *value = objects[row];
        Py_ssize_t length, at;
        int kind;
        const void *data;
        if (value == Py_None) {
            codes[row] = -1;
            continue;
        }
        if (!PyUnicode_CheckExact(value)) {
            failed = row;
            break;
        }
        if (ready(value) < 0) {
            call_close(&c);
            return NULL;
        }
        length = PyUnicode_GET_LENGTH(value);
        kind = PyUnicode_KIND(value);
        data = PyUnicode_DATA(value);
        at = length == 0 ? c.t.heads[slot_of(0, 0, 0)]
                         : c.t.heads[slot_of(length, PyUnicode_READ(kind, data, 0),
                                             PyUnicode_READ(kind, data, length - 1))];
        /* Python keeps each str in its narrowest kind, so equal strings have equal kinds. */
        while (at >= 0) {
            const entry *e = &c.t.entries[at];
            if (e->length == length && e->kind == kind
                && memcmp(e->data, data, (size_t)length * (size_t)kind) == 0) {
                break;
            }
            at = e->next;
        }
        if (at < 0) {
            failed = row;
            break;
        }
        codes[row] = c.t.entries[at].code;
    }
    call_close(&c);
    return PyLong_FromSsize_t(failed);
}

PyDoc_STRVAR(text_codes_doc,
"text_codes(values, vocabulary, out) -> int\n\n"
"Each row of a 1-D numpy fixed-width text array (UCS-4, native order) as its\n"
"index in the tuple vocabulary, written to out (intp, one per row); \"\" is -1.\n"
"Rows are compared whole, padding included, as numpy compares them. Returns\n"
"-1 when every row was coded, else the first row that is not a vocabulary\n"
"value nor \"\": out is then only partly written.");

static PyObject *
text_codes(PyObject *self, PyObject *args)
{
    call c;
    Py_ssize_t row, width, i, failed = -1;
    Py_UCS4 *padded;
    const Py_UCS4 *characters;
    Py_ssize_t *codes;
    (void)self;

    if (call_open(&c, args, "OOO:text_codes", 1) < 0) {
        return NULL;
    }
    width = c.values.itemsize / 4;
    /* Each entry again as a padded row of the column's width, so that a row is one memcmp. */
    padded = (Py_UCS4 *)calloc((size_t)c.t.count * (size_t)width, sizeof(Py_UCS4));
    if (padded == NULL) {
        call_close(&c);
        return PyErr_NoMemory();
    }
    /* The slots again, by a row's first two characters: finding a row's length would read it twice. */
    for (i = 0; i < SLOTS; i++) {
        c.t.heads[i] = -1;
    }
    for (i = 0; i < c.t.count; i++) {
        entry *e = &c.t.entries[i];
        Py_UCS4 *row_of_entry = &padded[i * width];
        Py_ssize_t j;
        unsigned int s;
        for (j = 0; j < e->length; j++) {
            row_of_entry[j] = PyUnicode_READ(e->kind, e->data, j);
        }
        e->data = row_of_entry;
        s = slot_of(0, row_of_entry[0], width > 1 ? row_of_entry[1] : 0);
        e->next = c.t.heads[s];
        c.t.heads[s] = i;
    }
    characters = (const Py_UCS4 *)c.values.buf;
    codes = (Py_ssize_t *)c.out.buf;
    Py_BEGIN_ALLOW_THREADS
    for (row = 0; row < c.rows; row++) {
        const Py_UCS4 *text = characters + row * width;
        Py_ssize_t at = c.t.heads[slot_of(0, text[0], width > 1 ? text[1] : 0)];
        /* The whole padded row is compared: numpy pads a value with NULs, so equal rows are equal values. */
        while (at >= 0) {
            const entry *e = &c.t.entries[at];
            if (memcmp(e->data, text, (size_t)width * sizeof(Py_UCS4)) == 0) {
                break;
            }
            at = e->next;
        }
        if (at < 0) {
            failed = row;
            break;
        }
        codes[row] = c.t.entries[at].code;
    }
    Py_END_ALLOW_THREADS
    free(padded);
    call_close(&c);
    return PyLong_FromSsize_t(failed);
}

static PyMethodDef methods[] = {
    {"object_codes", object_codes, METH_VARARGS, object_codes_doc},
    {"text_codes", text_codes, METH_VARARGS, text_codes_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "etableringsmodell.batch._codes",
    "Coded text columns looked up in their small vocabulary (optional compiled kernel).",
    -1,
    methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC
PyInit__codes(void)
{
    return PyModule_Create(&module);
}
