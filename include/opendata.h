/*
 * The open-data files of an a4 report, made from the same loaded matrix as
 * its PDF (report.c): the dataset (datos.csv), its metadata (metadatos.csv:
 * the contact block), its data dictionary (diccionario.csv) and the same
 * content as one JSON document (datos.json). Pure: no database, no HTTP,
 * no clock; the same matrix, period and date give the same bytes.
 *
 * CSV (RFC 4180): UTF-8 without a byte-order mark, comma-separated, CRLF
 * after every record (the last one too), a header record, a field quoted
 * when it holds '"', ',', CR or LF (inner quotes doubled), other fields
 * bare. Text is written as stored: no spreadsheet-formula neutralisation
 * (a leading '=', '+', '-' or '@' stays), since the dataset must say
 * exactly what the matrix says and hash the same (docs/api.md says why).
 * Every empty field is written as the institution's empty text (NO APLICA
 * or INFORMACIÓN NO DISPONIBLE).
 */
#ifndef METAS_OPENDATA_H
#define METAS_OPENDATA_H

#include <stddef.h>

struct arena;
struct buf;
struct matrix;

enum od_kind {
	OD_DATOS,		/* datos.csv */
	OD_METADATOS,		/* metadatos.csv */
	OD_DICCIONARIO,		/* diccionario.csv */
	OD_JSON,		/* datos.json */
	OD__MAX
};

struct od_file {
	const char	*name;		/* "datos.csv", ... (static) */
	const char	*content_type;	/* "text/csv; charset=utf-8" | "application/json" (static) */
	const char	*data;		/* len bytes in the arena, NUL-terminated */
	size_t		 len;
};

/* The dataset's columns, in order (datos.csv header, datos.json members). */
enum od_column {
	ODC_INSTITUCION,
	ODC_PERIODO,
	ODC_NIVEL_PROCESO,
	ODC_NUMERO_UNIDAD,
	ODC_UNIDAD,
	ODC_OBJETIVO,
	ODC_CODIGO_INDICADOR,
	ODC_INDICADOR,
	ODC_CODIGO_META,
	ODC_META,
	ODC_FECHA_ACTUALIZACION,
	ODC__MAX
};

struct od_column_def {
	const char	*name;		/* snake_case ASCII */
	const char	*description;	/* Spanish */
	const char	*type;		/* texto | entero | fecha */
};
extern const struct od_column_def od_columns[ODC__MAX];

/*
 * Build the four files of m for period (year*100+month) into out[OD__MAX]
 * (indexed by enum od_kind), memory from the arena. updated is the update
 * date of the information as dd/mm/aaaa (the contact block's date: report.c
 * passes m->data_date) or NULL; the dataset writes it as AAAA-MM-DD.
 * Rows: one per unit x indicator x goal in the matrix's order; a row with
 * no goal, or no indicator, or neither, still gets its row, the missing
 * side written as the empty text.
 */
void	opendata_build(struct arena *, const struct matrix *m, int period, const char *updated,
	    struct od_file out[OD__MAX]);

/* The kind of a file name ("datos.csv" ...), or -1 when it is none of ours. */
int	opendata_kind(const char *name);

/* ---- exposed for the unit tests ---- */

/* Append s as one RFC 4180 field (quoted only when it must be). */
void	od_csv_field(struct buf *, const char *s);

#endif
