/*
 * Unit tests of opendata.c: RFC 4180 quoting and line ends, the empty
 * text, rows for units without goals and goals without indicators,
 * accented text, the contact block and the dictionary, the JSON twin, and
 * that the same matrix gives the same bytes.
 */
#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "matrix.h"
#include "opendata.h"
#include "tap.h"

static const char *
field(struct arena *a, const char *s)
{
	struct buf b;

	buf_init(&b, a);
	od_csv_field(&b, s);
	return b.data;
}

static void
test_quoting(void)
{
	struct arena *a = arena_new(4096);

	CHECK(strcmp(field(a, "simple"), "simple") == 0, "csv: a plain field is written bare");
	CHECK(strcmp(field(a, ""), "") == 0, "csv: an empty string stays empty (callers put the empty text)");
	CHECK(strcmp(field(a, "a,b"), "\"a,b\"") == 0, "csv: a comma makes the field quoted");
	CHECK(strcmp(field(a, "di \"hola\""), "\"di \"\"hola\"\"\"") == 0,
	    "csv: inner quotes are doubled inside quotes");
	CHECK(strcmp(field(a, "línea 1\nlínea 2"), "\"línea 1\nlínea 2\"") == 0,
	    "csv: a LF is kept, inside quotes");
	CHECK(strcmp(field(a, "a\r\nb"), "\"a\r\nb\"") == 0, "csv: a CR is kept, inside quotes");
	CHECK(strcmp(field(a, "=SUMA(A1:A2)"), "=SUMA(A1:A2)") == 0,
	    "csv: a leading '=' is written as it is (no formula neutralisation)");
	CHECK(strcmp(field(a, "-5 %; +3 @x"), "-5 %; +3 @x") == 0,
	    "csv: '-', '+', '@' and ';' need no quoting");
	CHECK(strcmp(field(a, "Gestión «social» — niñez"), "Gestión «social» — niñez") == 0,
	    "csv: UTF-8 text is written byte for byte");
	arena_free(a);
}

/* A small matrix: unit 1 with I1 (two goals) and I2 (no goal); unit 2 with
 * no indicator but one goal; unit 3 with nothing at all. */
static struct mx_goal g1 = { 1, "M1", "Meta uno, con coma", 1 };
static struct mx_goal g2 = { 2, "M2", "Meta \"dos\"\nsegunda línea", 1 };
static struct mx_goal g3 = { 3, "M.1", "Meta sin indicador", 0 };
static struct mx_goal *goals_i1[] = { &g1, &g2 };
static struct mx_goal *goals_loose[] = { &g3 };
static struct mx_row rows1[] = { { "I1", "Indicador uno", goals_i1, 2 },
	{ "", "Indicador sin código ni meta", NULL, 0 } };
static struct mx_row rows2[] = { { NULL, NULL, goals_loose, 1 } };
static struct mx_row rows3[] = { { NULL, NULL, NULL, 0 } };
static struct mx_unit units_a[] = {
	{ 10, 1, "Dirección de Planificación", "Planificar ¿bien? — sí", rows1, 2 },
	{ 11, 2, "Comisión Ejecutiva", "", rows2, 1 },
};
static struct mx_unit units_b[] = { { 12, 3, "Unidad vacía", "Objetivo", rows3, 1 } };
static struct mx_level levels[] = {
	{ "PROCESOS GOBERNANTES / NIVEL DIRECTIVO", units_a, 2 },
	{ "PROCESOS HABILITANTES DE APOYO", units_b, 1 },
};

static void
base_matrix(struct matrix *m)
{
	memset(m, 0, sizeof(*m));
	m->name = "Institución de Prueba";
	m->short_name = "IP";
	m->year = 2023;
	m->data_date = "31/01/2023";
	m->gpr_url = NULL;
	m->update_frequency = "MENSUAL";
	m->info_unit = "DIRECCIÓN DE PLANIFICACIÓN";
	m->responsible_name = "Ing. Ana Pérez";
	m->responsible_email = "ana@example.gob.ec";
	m->responsible_phone = "";
	m->empty_text = "INFORMACIÓN NO DISPONIBLE";
	m->levels = levels;
	m->nlevels = 2;
	m->nunits = 3;
}

#define HEADER "institucion,periodo,nivel_proceso,numero_unidad,unidad,objetivo," \
	"codigo_indicador,indicador,codigo_meta,meta,fecha_actualizacion\r\n"
#define PRE "Institución de Prueba,2023-01,PROCESOS GOBERNANTES / NIVEL DIRECTIVO,"
#define ND "INFORMACIÓN NO DISPONIBLE"

static const char want_datos[] = HEADER
	PRE "1,Dirección de Planificación,Planificar ¿bien? — sí,I1,Indicador uno,M1,"
	    "\"Meta uno, con coma\",2023-01-31\r\n"
	PRE "1,Dirección de Planificación,Planificar ¿bien? — sí,I1,Indicador uno,M2,"
	    "\"Meta \"\"dos\"\"\nsegunda línea\",2023-01-31\r\n"
	PRE "1,Dirección de Planificación,Planificar ¿bien? — sí," ND ",Indicador sin código ni meta,"
	    ND "," ND ",2023-01-31\r\n"
	PRE "2,Comisión Ejecutiva," ND "," ND "," ND ",M.1,Meta sin indicador,2023-01-31\r\n"
	"Institución de Prueba,2023-01,PROCESOS HABILITANTES DE APOYO,3,Unidad vacía,Objetivo,"
	    ND "," ND "," ND "," ND ",2023-01-31\r\n";

static const char want_meta[] = "campo,valor\r\n"
	LABEL_GPR "," ND "\r\n"
	LABEL_DATE ",31/01/2023\r\n"
	LABEL_FREQ ",MENSUAL\r\n"
	LABEL_UNIT ",DIRECCIÓN DE PLANIFICACIÓN\r\n"
	LABEL_RESP ",Ing. Ana Pérez\r\n"
	LABEL_EMAIL ",ana@example.gob.ec\r\n"
	LABEL_PHONE "," ND "\r\n";

static int
same(const struct od_file *f, const char *want)
{
	size_t n = strlen(want);

	return f->len == n && memcmp(f->data, want, n) == 0;
}

static void
test_files(void)
{
	struct arena *a = arena_new(64 * 1024);
	struct od_file f[OD__MAX], g[OD__MAX];
	struct matrix m;
	cJSON *doc, *rows, *r;
	int ok;

	base_matrix(&m);
	opendata_build(a, &m, 202301, m.data_date, f);
	CHECK(strcmp(f[OD_DATOS].name, "datos.csv") == 0 &&
	    strcmp(f[OD_METADATOS].name, "metadatos.csv") == 0 &&
	    strcmp(f[OD_DICCIONARIO].name, "diccionario.csv") == 0 &&
	    strcmp(f[OD_JSON].name, "datos.json") == 0, "files: the four names");
	CHECK(strcmp(f[OD_DATOS].content_type, "text/csv; charset=utf-8") == 0 &&
	    strcmp(f[OD_JSON].content_type, "application/json") == 0, "files: their content types");
	CHECK(same(&f[OD_DATOS], want_datos),
	    "datos.csv: header, one row per unit x indicator x goal, quoting, CRLF, empty text, ISO date");
	if (!same(&f[OD_DATOS], want_datos))
		printf("# got:\n%s\n", f[OD_DATOS].data);
	CHECK(memcmp(f[OD_DATOS].data, "\xEF\xBB\xBF", 3) != 0, "datos.csv: no byte-order mark");
	CHECK(same(&f[OD_METADATOS], want_meta),
	    "metadatos.csv: campo,valor with the seven exact labels, empty values as the empty text");

	/* the dictionary lists exactly the dataset's columns */
	ok = strncmp(f[OD_DICCIONARIO].data, "columna,descripcion,tipo\r\n", 26) == 0;
	for (int c = 0; c < ODC__MAX && ok; c++) {
		const char *want = arena_printf(a, "\r\n%s,", od_columns[c].name);

		ok = strstr(f[OD_DICCIONARIO].data, want) != NULL;
	}
	{
		size_t lines = 0;

		for (size_t i = 0; i < f[OD_DICCIONARIO].len; i++)
			lines += f[OD_DICCIONARIO].data[i] == '\n';
		ok = ok && lines == 1 + ODC__MAX;
	}
	CHECK(ok, "diccionario.csv: one row per dataset column, after its header");
	CHECK(strstr(f[OD_DICCIONARIO].data, "numero_unidad,") != NULL &&
	    strstr(f[OD_DICCIONARIO].data, ",entero\r\n") != NULL &&
	    strstr(f[OD_DICCIONARIO].data, ",fecha\r\n") != NULL, "diccionario.csv: types texto, entero, fecha");

	/* the JSON has the same rows */
	doc = cJSON_ParseWithLength(f[OD_JSON].data, f[OD_JSON].len);
	rows = cJSON_GetObjectItemCaseSensitive(doc, "datos");
	CHECK(doc != NULL && cJSON_GetArraySize(rows) == 5, "datos.json parses, with 5 rows");
	r = cJSON_GetArrayItem(rows, 1);
	CHECK(r != NULL && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(r, "numero_unidad")) &&
	    strcmp(cJSON_GetObjectItemCaseSensitive(r, "meta")->valuestring,
	    "Meta \"dos\"\nsegunda línea") == 0, "datos.json: the same text, numero_unidad a number");
	r = cJSON_GetArrayItem(rows, 3);
	CHECK(r != NULL && strcmp(cJSON_GetObjectItemCaseSensitive(r, "indicador")->valuestring, ND) == 0 &&
	    strcmp(cJSON_GetObjectItemCaseSensitive(r, "meta")->valuestring, "Meta sin indicador") == 0,
	    "datos.json: a goal without indicator keeps its row, the indicator as the empty text");
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "metadatos")) == 7 &&
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "diccionario")) == ODC__MAX,
	    "datos.json: the seven metadata fields and the dictionary");
	cJSON_Delete(doc);

	/* determinism */
	opendata_build(a, &m, 202301, m.data_date, g);
	ok = 1;
	for (int k = 0; k < OD__MAX; k++)
		ok = ok && f[k].len == g[k].len && memcmp(f[k].data, g[k].data, f[k].len) == 0;
	CHECK(ok, "the same matrix gives the same bytes, all four files");

	/* NO APLICA by default, a date of another shape kept as it is, a bad GPR link dropped */
	m.empty_text = NULL;
	m.gpr_url = "javascript:alert(1)";
	opendata_build(a, &m, 202312, "fin de mes", g);
	CHECK(strstr(g[OD_DATOS].data, ",2023-12,") != NULL &&
	    strstr(g[OD_DATOS].data, ",fin de mes\r\n") != NULL &&
	    strstr(g[OD_DATOS].data, ",NO APLICA,") != NULL,
	    "without an empty text NO APLICA; a date not dd/mm/aaaa is written as given");
	CHECK(strstr(g[OD_METADATOS].data, LABEL_GPR ",NO APLICA\r\n") != NULL,
	    "metadatos.csv: a GPR link that is not http(s) is empty, as in the PDF");
	opendata_build(a, &m, 202301, NULL, g);
	CHECK(strstr(g[OD_DATOS].data, ",NO APLICA\r\n") != NULL &&
	    strstr(g[OD_METADATOS].data, LABEL_DATE ",NO APLICA\r\n") != NULL,
	    "no update date: the empty text in both files");

	/* an empty catalogue: the header only */
	m.nlevels = 0;
	m.nunits = 0;
	opendata_build(a, &m, 202301, "31/01/2023", g);
	CHECK(g[OD_DATOS].len == strlen(HEADER) && memcmp(g[OD_DATOS].data, HEADER, g[OD_DATOS].len) == 0,
	    "an empty catalogue gives the header and no row");
	doc = cJSON_ParseWithLength(g[OD_JSON].data, g[OD_JSON].len);
	CHECK(doc != NULL && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "datos")) == 0,
	    "… and a JSON with an empty datos array");
	cJSON_Delete(doc);

	CHECK(opendata_kind("datos.csv") == OD_DATOS && opendata_kind("datos.json") == OD_JSON &&
	    opendata_kind("datos.pdf") == -1 && opendata_kind("") == -1 && opendata_kind(NULL) == -1,
	    "opendata_kind knows the four names and nothing else");
	arena_free(a);
}

int
main(void)
{
	test_quoting();
	test_files();
	return TAP_DONE();
}
