/*
 * The open-data files of an a4 report (opendata.h): one table of rows made
 * from the matrix, written as CSV and as JSON, plus the contact block and
 * the data dictionary.
 */
#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "json.h"
#include "matrix.h"
#include "opendata.h"

#define CT_CSV	"text/csv; charset=utf-8"
#define CT_JSON	"application/json"

static const char *const file_names[OD__MAX] = {
	[OD_DATOS] = "datos.csv",
	[OD_METADATOS] = "metadatos.csv",
	[OD_DICCIONARIO] = "diccionario.csv",
	[OD_JSON] = "datos.json",
};

const struct od_column_def od_columns[ODC__MAX] = {
	[ODC_INSTITUCION] = { "institucion",
	    "Nombre de la institución que publica la matriz.", "texto" },
	[ODC_PERIODO] = { "periodo",
	    "Mes que informa la matriz, AAAA-MM (datos al cierre de ese mes).", "texto" },
	[ODC_NIVEL_PROCESO] = { "nivel_proceso",
	    "Nivel de procesos del estatuto orgánico al que pertenece la unidad.", "texto" },
	[ODC_NUMERO_UNIDAD] = { "numero_unidad",
	    "Número de la unidad administrativa en la matriz (columna No.).", "entero" },
	[ODC_UNIDAD] = { "unidad",
	    "Descripción de la unidad administrativa.", "texto" },
	[ODC_OBJETIVO] = { "objetivo",
	    "Objetivo de la unidad según su programa operativo.", "texto" },
	[ODC_CODIGO_INDICADOR] = { "codigo_indicador",
	    "Código del indicador dentro de la unidad (I1, I.2, ...).", "texto" },
	[ODC_INDICADOR] = { "indicador",
	    "Indicador de la unidad.", "texto" },
	[ODC_CODIGO_META] = { "codigo_meta",
	    "Código de la meta dentro de la unidad (M1, M.2, ...).", "texto" },
	[ODC_META] = { "meta",
	    "Meta cuantificable medida por el indicador de la fila.", "texto" },
	[ODC_FECHA_ACTUALIZACION] = { "fecha_actualizacion",
	    "Fecha de actualización de la información, AAAA-MM-DD (ISO 8601).", "fecha" },
};

struct od_row {
	const char	*v[ODC__MAX];
	int		 number;
};

/* s, or the empty text when s is NULL or "". */
static const char *
val(const struct matrix *m, const char *s)
{
	if (s != NULL && s[0] != '\0')
		return s;
	return m->empty_text != NULL && m->empty_text[0] != '\0' ? m->empty_text : "NO APLICA";
}

/* "dd/mm/aaaa" as "aaaa-mm-dd"; anything else as it is (never lose the data). */
static const char *
iso_date(struct arena *a, const char *d)
{
	static const char shape[] = "99/99/9999";

	if (d == NULL || strlen(d) != sizeof(shape) - 1)
		return d;
	for (size_t i = 0; shape[i] != '\0'; i++)
		if (shape[i] == '9' ? (d[i] < '0' || d[i] > '9') : d[i] != shape[i])
			return d;
	return arena_printf(a, "%.4s-%.2s-%.2s", d + 6, d + 3, d);
}

void
od_csv_field(struct buf *b, const char *s)
{
	if (s[strcspn(s, "\",\r\n")] == '\0') {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/* One CSV record of n fields, CRLF-terminated. */
static void
csv_record(struct buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		od_csv_field(b, v[i]);
	}
	buf_puts(b, "\r\n");
}

/* The rows of the dataset, in the matrix's order. */
static struct od_row *
make_rows(struct arena *a, const struct matrix *m, int period, const char *updated, size_t *n)
{
	const char *pname = arena_printf(a, "%04d-%02d", period / 100, period % 100);
	const char *date = val(m, iso_date(a, updated));
	struct od_row *rows;
	size_t count = 0, k = 0;

	for (size_t l = 0; l < m->nlevels; l++)
		for (size_t u = 0; u < m->levels[l].nunits; u++) {
			const struct mx_unit *un = &m->levels[l].units[u];

			for (size_t r = 0; r < un->nrows; r++)
				count += un->rows[r].ngoals ? un->rows[r].ngoals : 1;
			if (un->nrows == 0)
				count++;
		}
	rows = arena_calloc(a, count ? count : 1, sizeof(*rows));
	for (size_t l = 0; l < m->nlevels; l++)
		for (size_t u = 0; u < m->levels[l].nunits; u++) {
			const struct mx_unit *un = &m->levels[l].units[u];
			size_t nr = un->nrows ? un->nrows : 1;

			for (size_t r = 0; r < nr; r++) {
				const struct mx_row *row = un->nrows ? &un->rows[r] : NULL;
				size_t ng = row != NULL && row->ngoals ? row->ngoals : 1;

				for (size_t g = 0; g < ng; g++) {
					const struct mx_goal *goal = row != NULL && row->ngoals ?
					    row->goals[g] : NULL;
					struct od_row *o = &rows[k++];

					o->number = un->number;
					o->v[ODC_INSTITUCION] = val(m, m->name);
					o->v[ODC_PERIODO] = pname;
					o->v[ODC_NIVEL_PROCESO] = val(m, m->levels[l].name);
					o->v[ODC_NUMERO_UNIDAD] = arena_printf(a, "%d", un->number);
					o->v[ODC_UNIDAD] = val(m, un->name);
					o->v[ODC_OBJETIVO] = val(m, un->objective);
					o->v[ODC_CODIGO_INDICADOR] = val(m, row ? row->ind_code : NULL);
					o->v[ODC_INDICADOR] = val(m, row ? row->ind_name : NULL);
					o->v[ODC_CODIGO_META] = val(m, goal ? goal->code : NULL);
					o->v[ODC_META] = val(m, goal ? goal->text : NULL);
					o->v[ODC_FECHA_ACTUALIZACION] = date;
				}
			}
		}
	*n = k;
	return rows;
}

/* The contact block: labels and values, as the PDF's footer shows them. */
static void
contact(const struct matrix *m, const char *updated, const char *out[7][2])
{
	const char *gpr = m->gpr_url;

	/* the PDF and the public page treat a non-http(s) link as absent: so do we */
	if (gpr != NULL && strncmp(gpr, "https://", 8) != 0 && strncmp(gpr, "http://", 7) != 0)
		gpr = NULL;
	out[0][0] = LABEL_GPR;		out[0][1] = val(m, gpr);
	out[1][0] = LABEL_DATE;		out[1][1] = val(m, updated);
	out[2][0] = LABEL_FREQ;		out[2][1] = val(m, m->update_frequency);
	out[3][0] = LABEL_UNIT;		out[3][1] = val(m, m->info_unit);
	out[4][0] = LABEL_RESP;		out[4][1] = val(m, m->responsible_name);
	out[5][0] = LABEL_EMAIL;	out[5][1] = val(m, m->responsible_email);
	out[6][0] = LABEL_PHONE;	out[6][1] = val(m, m->responsible_phone);
}

static void
add_string(cJSON *o, const char *k, const char *v)
{
	if (cJSON_AddStringToObject(o, k, v) == NULL)
		oom();
}

static cJSON *
add_array(cJSON *o, const char *k)
{
	cJSON *arr = cJSON_AddArrayToObject(o, k);

	if (arr == NULL)
		oom();
	return arr;
}

static cJSON *
new_item(cJSON *arr)
{
	cJSON *o = json_object();

	if (!cJSON_AddItemToArray(arr, o))
		oom();
	return o;
}

static void
finish(struct od_file *f, enum od_kind k, struct buf *b)
{
	f->name = file_names[k];
	f->content_type = k == OD_JSON ? CT_JSON : CT_CSV;
	f->data = b->data;
	f->len = b->len;
}

void
opendata_build(struct arena *a, const struct matrix *m, int period, const char *updated,
    struct od_file out[OD__MAX])
{
	const char *cb[7][2], *head[ODC__MAX];
	struct od_row *rows;
	struct buf b;
	size_t n;
	cJSON *doc, *arr;
	char *json;

	rows = make_rows(a, m, period, updated, &n);
	contact(m, updated, cb);

	/* datos.csv */
	buf_init(&b, a);
	for (int c = 0; c < ODC__MAX; c++)
		head[c] = od_columns[c].name;
	csv_record(&b, head, ODC__MAX);
	for (size_t i = 0; i < n; i++)
		csv_record(&b, rows[i].v, ODC__MAX);
	finish(&out[OD_DATOS], OD_DATOS, &b);

	/* metadatos.csv */
	buf_init(&b, a);
	csv_record(&b, (const char *const[]){ "campo", "valor" }, 2);
	for (int i = 0; i < 7; i++)
		csv_record(&b, cb[i], 2);
	finish(&out[OD_METADATOS], OD_METADATOS, &b);

	/* diccionario.csv */
	buf_init(&b, a);
	csv_record(&b, (const char *const[]){ "columna", "descripcion", "tipo" }, 3);
	for (int c = 0; c < ODC__MAX; c++)
		csv_record(&b, (const char *const[]){ od_columns[c].name, od_columns[c].description,
		    od_columns[c].type }, 3);
	finish(&out[OD_DICCIONARIO], OD_DICCIONARIO, &b);

	/* datos.json: the same three, members in a fixed order */
	doc = json_object();
	add_string(doc, "titulo", LOTAIP_A4);
	add_string(doc, "base_legal", LOTAIP_ART7);
	add_string(doc, "institucion", val(m, m->name));
	add_string(doc, "periodo", arena_printf(a, "%04d-%02d", period / 100, period % 100));
	arr = add_array(doc, "metadatos");
	for (int i = 0; i < 7; i++) {
		cJSON *o = new_item(arr);

		add_string(o, "campo", cb[i][0]);
		add_string(o, "valor", cb[i][1]);
	}
	arr = add_array(doc, "diccionario");
	for (int c = 0; c < ODC__MAX; c++) {
		cJSON *o = new_item(arr);

		add_string(o, "columna", od_columns[c].name);
		add_string(o, "descripcion", od_columns[c].description);
		add_string(o, "tipo", od_columns[c].type);
	}
	arr = add_array(doc, "datos");
	for (size_t i = 0; i < n; i++) {
		cJSON *o = new_item(arr);

		for (int c = 0; c < ODC__MAX; c++) {
			if (c == ODC_NUMERO_UNIDAD) {
				if (cJSON_AddNumberToObject(o, od_columns[c].name, rows[i].number) == NULL)
					oom();
			} else
				add_string(o, od_columns[c].name, rows[i].v[c]);
		}
	}
	json = json_to_arena(a, doc);
	buf_init(&b, a);
	buf_puts(&b, json);
	buf_putc(&b, '\n');
	finish(&out[OD_JSON], OD_JSON, &b);
}

int
opendata_kind(const char *name)
{
	for (int k = 0; k < OD__MAX; k++)
		if (name != NULL && strcmp(name, file_names[k]) == 0)
			return k;
	return -1;
}
