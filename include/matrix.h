/*
 * The a4 matrix as loaded from the catalogue: institution and contact
 * block, then process levels > units > rows (indicator + its goals).
 * Everything lives in the arena it was loaded into.
 */
#ifndef METAS_MATRIX_H
#define METAS_MATRIX_H

#include <stddef.h>

struct buf;

struct mx_goal {
	long long	 id;
	const char	*code;
	const char	*text;
	long long	 first_indicator;	/* 0 when not linked */
};

/* One row of a unit: an indicator (or none) and the goals beside it. */
struct mx_row {
	const char	 *ind_code;	/* NULL when the row has no indicator */
	const char	 *ind_name;
	struct mx_goal	**goals;
	size_t		  ngoals;
};

struct mx_unit {
	long long	 id;
	int		 number;
	const char	*name;
	const char	*objective;
	struct mx_row	*rows;
	size_t		 nrows;
};

struct mx_level {
	const char	*name;
	struct mx_unit	*units;
	size_t		 nunits;
};

struct matrix {
	long long	 institution_id;
	const char	*name;
	const char	*short_name;
	int		 year;
	const char	*data_date;		/* dd/mm/aaaa or NULL */
	const char	*gpr_url;
	const char	*update_frequency;
	const char	*info_unit;
	const char	*responsible_name;
	const char	*responsible_email;
	const char	*responsible_phone;
	const char	*empty_text;		/* NO APLICA | INFORMACIÓN NO DISPONIBLE */
	const char	*logo_path;		/* PNG or JPEG on the server, or NULL */
	unsigned long long catalogue_version;
	struct mx_level	*levels;
	size_t		 nlevels;
	size_t		 nunits;
};

/* The fixed labels of the contact block, as the published matrix has them. */
#define LABEL_GPR	"LINK PARA DESCARGAR EL REPORTE DE GOBIERNO POR RESULTADOS (GPR)"
#define LABEL_DATE	"FECHA ACTUALIZACIÓN DE LA INFORMACIÓN:"
#define LABEL_FREQ	"PERIODICIDAD DE ACTUALIZACIÓN DE LA INFORMACIÓN:"
#define LABEL_UNIT	"UNIDAD POSEEDORA DE LA INFORMACION - LITERAL a4):"
#define LABEL_RESP	"RESPONSABLE DE LA UNIDAD POSEEDORA DE LA INFORMACIÓN DEL LITERAL a4):"
#define LABEL_EMAIL	"CORREO ELECTRÓNICO DEL O LA RESPONSABLE DE LA UNIDAD POSEEDORA DE LA INFORMACIÓN:"
#define LABEL_PHONE	"NÚMERO TELEFÓNICO DEL O LA RESPONSABLE DE LA UNIDAD POSEEDORA DE LA INFORMACIÓN:"

#define LOTAIP_ART7	"Art. 7 de la Ley Orgánica de Transparencia y Acceso a la Información Pública - LOTAIP"
#define LOTAIP_A4	"Literal a4) Las metas y objetivos de las unidades administrativas de conformidad con sus programas operativos"

/* Flat rows as the database returns them, ordered for matrix_build(). */
struct mx_flat_unit {
	long long	 id;
	int		 number;
	const char	*name;
	const char	*objective;
	long long	 level_id;
	const char	*level_name;
};

struct mx_flat_item {		/* an indicator or a goal */
	long long	 id;
	long long	 unit_id;
	const char	*code;
	const char	*text;
};

struct mx_flat_link {
	long long	 goal_id;
	long long	 indicator_id;
};

struct mx_flat {
	struct mx_flat_unit	*units;		/* ordered by level, then number */
	size_t			 nunits;
	struct mx_flat_item	*indicators;	/* ordered by unit, position */
	size_t			 nindicators;
	struct mx_flat_item	*goals;		/* ordered by unit, position */
	size_t			 ngoals;
	struct mx_flat_link	*links;
	size_t			 nlinks;
};

/*
 * Group flat rows into levels, units and rows: one row per indicator
 * with the goals linked to it (a goal linked to several indicators stands
 * beside the first); goals linked to none follow in a row of their own.
 * Fills m->levels, m->nlevels, m->nunits; memory from the arena.
 */
struct arena;
void	matrix_build(struct arena *, const struct mx_flat *, struct matrix *m);

/* Render the public HTML page of the matrix into b. */
void	matrix_render_html(struct buf *b, const struct matrix *);

#endif
