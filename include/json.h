/*
 * cJSON glue shared by the services: objects that cannot be NULL (the
 * allocation-failure policy of arena.h) and printing into the arena.
 */
#ifndef METAS_JSON_H
#define METAS_JSON_H

struct arena;
struct cJSON;

/* A new empty object, never NULL. The caller owns it. */
struct cJSON	*json_object(void);
/* Print o compactly into the arena and delete o. */
char		*json_to_arena(struct arena *, struct cJSON *o);

#endif
