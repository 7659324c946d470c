/*
 * Unit tests of matrix.c: grouping hand-made flat rows with matrix_build(),
 * and the public page written by matrix_render_html().
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "matrix.h"
#include "tap.h"

#define LEVEL1	"NIVEL DE GESTIÓN ESTRATÉGICA"
#define LEVEL2	"NIVEL DE APOYO"

static struct mx_flat_unit units[] = {
	{ 10, 1, "Dirección de Planificación", "Planificar", 1, LEVEL1 },
	{ 20, 2, "Unidad sin indicadores", "Apoyar", 1, LEVEL1 },
	{ 21, 3, "Unidad vacía", "Nada aún", 1, LEVEL1 },
	{ 30, 1, "Dirección Administrativa", "Administrar", 2, LEVEL2 },
};

static struct mx_flat_item indicators[] = {
	{ 101, 10, "I1", "Porcentaje de avance" },
	{ 102, 10, "I2", "Número de informes" },
	{ 301, 30, "I1", "Procesos cerrados" },
};

static struct mx_flat_item goals[] = {
	{ 201, 10, "M1", "g201" },	/* beside 101 */
	{ 202, 10, "M2", "g202" },	/* linked to 101 and 102: beside 101 only */
	{ 203, 10, "M3", "g203" },	/* beside 102 */
	{ 204, 10, "M4", "g204" },	/* unlinked */
	{ 205, 10, "M5", "g205" },	/* linked only to another unit's indicator */
	{ 206, 10, "M6", "g206" },	/* linked to another unit's indicator, then to 102 */
	{ 207, 20, "", "g207" },	/* a unit without indicators */
	{ 208, 30, "M1", "g208" },
};

/* As the database orders them: by goal, then indicator position. */
static struct mx_flat_link links[] = {
	{ 201, 101 }, { 202, 101 }, { 202, 102 }, { 203, 102 },
	{ 205, 301 }, { 206, 301 }, { 206, 102 }, { 208, 301 },
};

#define LEN(x) (sizeof(x) / sizeof((x)[0]))

static const struct mx_flat flat = {
	units, LEN(units), indicators, LEN(indicators), goals, LEN(goals), links, LEN(links),
};

static struct arena *a;

/* 1 when row r has exactly the goal ids want[0..n) in order. */
static int
row_goals(const struct mx_row *r, const long long *want, size_t n)
{
	if (r->ngoals != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (r->goals[i] == NULL || r->goals[i]->id != want[i])
			return 0;
	return 1;
}

/* How many times goal id appears in unit u. */
static int
goal_count(const struct mx_unit *u, long long id)
{
	int n = 0;

	for (size_t r = 0; r < u->nrows; r++)
		for (size_t g = 0; g < u->rows[r].ngoals; g++)
			if (u->rows[r].goals[g]->id == id)
				n++;
	return n;
}

static void
test_build(void)
{
	static const long long r0[] = { 201, 202 }, r1[] = { 203, 206 }, r2[] = { 204, 205 },
	    r20[] = { 207 }, r30[] = { 208 };
	struct mx_flat empty;
	struct matrix m;
	const struct mx_unit *u;

	memset(&m, 0, sizeof(m));
	matrix_build(a, &flat, &m);
	CHECK(m.nlevels == 2 && m.nunits == 4, "matrix: units are grouped into their levels");
	CHECK(m.nlevels == 2 && strcmp(m.levels[0].name, LEVEL1) == 0 &&
	    strcmp(m.levels[1].name, LEVEL2) == 0,
	    "matrix: levels keep the order of the flat rows");
	if (m.nlevels != 2 || m.levels[0].nunits != 3 || m.levels[1].nunits != 1) {
		CHECK(0, "matrix: level 1 has three units and level 2 one");
		return;
	}
	CHECK(m.levels[0].units[0].id == 10 && m.levels[0].units[1].id == 20 &&
	    m.levels[0].units[2].id == 21 && m.levels[1].units[0].id == 30,
	    "matrix: units keep their order within a level");

	u = &m.levels[0].units[0];
	CHECK(u->number == 1 && strcmp(u->name, "Dirección de Planificación") == 0 &&
	    strcmp(u->objective, "Planificar") == 0,
	    "matrix: a unit keeps its number, name and objective");
	CHECK(u->nrows == 3, "matrix: a unit has one row per indicator plus one for unlinked goals");
	CHECK(u->nrows == 3 && strcmp(u->rows[0].ind_code, "I1") == 0 &&
	    strcmp(u->rows[0].ind_name, "Porcentaje de avance") == 0 &&
	    strcmp(u->rows[1].ind_code, "I2") == 0,
	    "matrix: indicator rows come in indicator order");
	CHECK(u->nrows == 3 && row_goals(&u->rows[0], r0, 2),
	    "matrix: an indicator's row holds the goals linked to it, in goal order");
	CHECK(goal_count(u, 202) == 1, "matrix: a goal linked to two indicators appears once");
	CHECK(u->nrows == 3 && row_goals(&u->rows[1], r1, 2),
	    "matrix: a link to another unit's indicator is skipped for the goal's own link");
	CHECK(u->nrows == 3 && u->rows[2].ind_code == NULL && u->rows[2].ind_name == NULL &&
	    row_goals(&u->rows[2], r2, 2),
	    "matrix: unlinked goals, and goals linked only outside the unit, share an extra row");

	u = &m.levels[0].units[1];
	CHECK(u->nrows == 1 && u->rows[0].ind_name == NULL && row_goals(&u->rows[0], r20, 1),
	    "matrix: a unit without indicators has one row with its goals");
	u = &m.levels[0].units[2];
	CHECK(u->nrows == 1 && u->rows[0].ind_name == NULL && u->rows[0].ngoals == 0,
	    "matrix: a unit with neither indicators nor goals has one empty row");
	u = &m.levels[1].units[0];
	CHECK(u->nrows == 1 && strcmp(u->rows[0].ind_name, "Procesos cerrados") == 0 &&
	    row_goals(&u->rows[0], r30, 1),
	    "matrix: a unit whose goals are all linked has no extra row");
	CHECK(goal_count(&m.levels[1].units[0], 205) == 0 &&
	    goal_count(&m.levels[1].units[0], 206) == 0,
	    "matrix: a goal never appears under another unit's indicator");

	memset(&empty, 0, sizeof(empty));
	memset(&m, 0, sizeof(m));
	matrix_build(a, &empty, &m);
	CHECK(m.nlevels == 0 && m.nunits == 0, "matrix: no rows build an empty matrix");
}

/* A matrix whose every text is hostile; rendered into the arena. */
static const char *
render(struct matrix *m)
{
	struct buf b;

	buf_init(&b, a);
	matrix_render_html(&b, m);
	return b.data;
}

static void
base(struct matrix *m)
{
	memset(m, 0, sizeof(*m));
	matrix_build(a, &flat, m);
	m->name = "Consorcio <script>alert(1)</script> & \"Cía\"";
	m->short_name = "CONGOPE";
	m->year = 2023;
	m->data_date = "31/01/2023";
	m->gpr_url = "https://gpr.example.org/reporte?a=1&b=2";
	m->update_frequency = "MENSUAL";
	m->info_unit = "DIRECCIÓN DE PLANIFICACIÓN";
	m->responsible_name = "Ana <b>Pérez</b>";
	m->responsible_email = "ana@example.org";
	m->responsible_phone = "(02) 394-2300 ext. 1";
	m->empty_text = "INFORMACIÓN NO DISPONIBLE";
}

static void
test_render(void)
{
	struct mx_flat_unit hu[] = { { 1, 1, "<script>u</script>", "<script>o</script>", 1,
		"<script>l</script>" } };
	struct mx_flat_item hi[] = { { 2, 1, "<script>", "<script>i</script>" } };
	struct mx_flat_item hg[] = { { 3, 1, "'\"", "<script>g</script>" } };
	struct mx_flat_link hl[] = { { 3, 2 } };
	struct mx_flat hostile = { hu, 1, hi, 1, hg, 1, hl, 1 };
	struct matrix m;
	const char *out;
	int labels;

	base(&m);
	out = render(&m);
	CHECK(strstr(out, LOTAIP_ART7) != NULL && strstr(out, LOTAIP_A4) != NULL,
	    "render: the page carries the LOTAIP article 7 and literal a4 lines");
	labels = strstr(out, LABEL_GPR) != NULL && strstr(out, LABEL_DATE) != NULL &&
	    strstr(out, LABEL_FREQ) != NULL && strstr(out, LABEL_UNIT) != NULL &&
	    strstr(out, LABEL_RESP) != NULL && strstr(out, LABEL_EMAIL) != NULL &&
	    strstr(out, LABEL_PHONE) != NULL;
	CHECK(labels, "render: the seven contact labels are printed");
	CHECK(strstr(out, "<script>") == NULL &&
	    strstr(out, "Consorcio &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Cía&quot;") != NULL,
	    "render: the institution name is escaped");
	CHECK(strstr(out, "Ana &lt;b&gt;Pérez&lt;/b&gt;") != NULL && strstr(out, "<b>") == NULL,
	    "render: contact values are escaped");
	CHECK(strstr(out, "Plan anual 2023") != NULL && strstr(out, "31/01/2023") != NULL,
	    "render: the year and data date are printed");
	CHECK(strstr(out, "(4 unidades)") != NULL, "render: the caption counts the units");
	CHECK(strstr(out, "<th colspan=\"5\" scope=\"colgroup\">" LEVEL1 "</th>") != NULL &&
	    strstr(out, LEVEL2) > strstr(out, LEVEL1),
	    "render: level headings are printed in order");
	CHECK(strstr(out, "rowspan=\"3\"") != NULL, "render: a unit spans as many rows as it has");
	CHECK(strstr(out, "<ul><li><span class=\"code\">M1</span> g201</li>"
	    "<li><span class=\"code\">M2</span> g202</li></ul>") != NULL,
	    "render: several goals beside an indicator are a list with their codes");
	CHECK(strstr(out, "<td class=\"goal\" data-label=\"Meta cuantificable\">g207</td>") != NULL,
	    "render: a single goal without code is printed bare");
	CHECK(strstr(out, "<td class=\"indicator\" data-label=\"Indicador\"><span class=\"none\" "
	    "aria-hidden=\"true\">—</span><span class=\"sr\">Sin indicador registrado</span></td>") != NULL,
	    "render: a row without indicator shows a dash, and says so to screen readers");
	CHECK(strstr(out, "<a href=\"mailto:ana@example.org\">ana@example.org</a>") != NULL,
	    "render: the email is a mailto: link");
	CHECK(strstr(out, "<a href=\"https://gpr.example.org/reporte?a=1&amp;b=2\">") != NULL,
	    "render: an https GPR URL is an escaped link");
	CHECK(strstr(out, LABEL_PHONE "</dt><dd>(02) 394-2300 ext. 1</dd>") != NULL,
	    "render: a plain contact value follows its label");

	m.responsible_phone = NULL;
	out = render(&m);
	CHECK(strstr(out, LABEL_PHONE "</dt><dd>INFORMACIÓN NO DISPONIBLE</dd>") != NULL,
	    "render: a NULL contact value prints the empty_text");
	m.info_unit = "";
	out = render(&m);
	CHECK(strstr(out, LABEL_UNIT "</dt><dd>INFORMACIÓN NO DISPONIBLE</dd>") != NULL,
	    "render: an empty contact value prints the empty_text");
	m.empty_text = NULL;
	out = render(&m);
	CHECK(strstr(out, LABEL_UNIT "</dt><dd>NO APLICA</dd>") != NULL,
	    "render: without empty_text, empty values print NO APLICA");
	m.empty_text = "INFORMACIÓN NO DISPONIBLE";
	m.responsible_email = NULL;
	out = render(&m);
	CHECK(strstr(out, "mailto:") == NULL &&
	    strstr(out, LABEL_EMAIL "</dt><dd>INFORMACIÓN NO DISPONIBLE</dd>") != NULL,
	    "render: a missing email is not a link");

	m.gpr_url = "http://gpr.example.org/r";
	out = render(&m);
	CHECK(strstr(out, "<a href=\"http://gpr.example.org/r\">") != NULL,
	    "render: an http GPR URL is a link");
	m.gpr_url = "javascript:alert(1)";
	out = render(&m);
	CHECK(strstr(out, "javascript:") == NULL &&
	    strstr(out, LABEL_GPR "</dt><dd>INFORMACIÓN NO DISPONIBLE</dd>") != NULL,
	    "render: a javascript: GPR URL is neither a link nor printed");
	m.gpr_url = "data:text/html,<script>x</script>";
	out = render(&m);
	CHECK(strstr(out, "data:text") == NULL, "render: a data: GPR URL is not a link");
	m.gpr_url = "//evil.example/x";
	out = render(&m);
	CHECK(strstr(out, "evil.example") == NULL, "render: a scheme-relative GPR URL is not a link");

	memset(&m, 0, sizeof(m));
	matrix_build(a, &hostile, &m);
	m.name = "x";
	out = render(&m);
	CHECK(strstr(out, "<script>") == NULL && strstr(out, "&lt;script&gt;u") != NULL &&
	    strstr(out, "&lt;script&gt;o") != NULL && strstr(out, "&lt;script&gt;l") != NULL &&
	    strstr(out, "&lt;script&gt;i") != NULL && strstr(out, "&lt;script&gt;g") != NULL,
	    "render: unit, objective, level, indicator and goal texts are escaped");
	CHECK(strstr(out, "<span class=\"code\">&#39;&quot;</span>") != NULL,
	    "render: codes are escaped");
	CHECK(strstr(out, LABEL_GPR "</dt><dd>NO APLICA</dd>") != NULL,
	    "render: a matrix with no contact data still prints every label");
}

int
main(void)
{
	a = arena_new(16384);
	test_build();
	test_render();
	arena_free(a);
	return TAP_DONE();
}
