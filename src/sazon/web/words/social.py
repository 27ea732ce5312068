"""The social media optimizer's words (es-PE first, English second)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "so_title": {"es": "Mejores horarios para publicar", "en": "Best times to post"},
    "so_intro": {
        "es": "Interacción esperada por día y hora (hora de Lima) según el historial del local, "
        "apoyado en su segmento y el canal cuando hay pocos datos.",
        "en": "Expected engagement by day and hour (Lima time) from the venue's own history, "
        "leaning on its segment and the channel when data is thin.",
    },
    "so_venue": {"es": "Local", "en": "Venue"},
    "so_group": {"es": "Todo el grupo", "en": "Whole group"},
    "so_channel": {"es": "Red", "en": "Channel"},
    "so_show": {"es": "Ver horarios", "en": "Show times"},
    "so_chart": {
        "es": "Mapa de calor de interacción esperada",
        "en": "Expected engagement heatmap",
    },
    "so_legend": {
        "es": "Más oscuro = más interacción esperada. Un punto marca horarios sin publicaciones "
        "propias (ahí manda el segmento o el canal). Pasa el cursor por una celda para ver el "
        "rango.",
        "en": "Darker = more expected engagement. A dot marks slots with no own posts (the "
        "segment or channel decides there). Hover a cell to see the range.",
    },
    "so_top": {"es": "Mejores horarios", "en": "Best slots"},
    "so_explore": {
        "es": "Para probar (aún sin datos propios)",
        "en": "Worth trying (no own data yet)",
    },
    "so_weekdays": {
        "es": "lunes,martes,miércoles,jueves,viernes,sábado,domingo",
        "en": "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday",
    },
    "so_dayparts": {"es": "Momentos del día", "en": "Dayparts"},
    "so_best_day": {"es": "mejor día", "en": "best day"},
    "so_food": {"es": "Calendario gastronómico", "en": "Food calendar"},
    "so_food_none": {
        "es": "No hay fechas gastronómicas en los próximos 90 días.",
        "en": "No food days in the next 90 days.",
    },
    "so_approx": {"es": "fecha aproximada", "en": "approximate date"},
    "so_posts": {"es": "publicaciones propias", "en": "own posts"},
    "so_no_posts": {
        "es": "Aún no hay publicaciones con métricas: cárgalas en «Cargar datos» (publicaciones "
        "de redes).",
        "en": "No posts with metrics yet: load them under “Load data” (social posts).",
    },
    "so_tab_times": {"es": "Mejores horarios", "en": "Best times"},
    "so_tab_drafts": {"es": "Borradores", "en": "Drafts"},
    "so_drafts_title": {"es": "Borradores en tendencia", "en": "Drafts around trends"},
    "so_drafts_intro": {
        "es": "Publicaciones sobre las tendencias del momento y las fechas gastronómicas que "
        "vienen, escritas solo con los platos de la carta del local. Cada una trae la "
        "interacción esperada y el mejor horario sugerido (hora de Lima).",
        "en": "Posts about current trends and the food days ahead, written only with the "
        "venue's own dishes. Each comes with its expected engagement and a suggested slot "
        "(Lima time).",
    },
    "so_write": {"es": "Escribir borradores", "en": "Write drafts"},
    "so_expected": {"es": "Interacción esperada", "en": "Expected engagement"},
    "so_slot": {"es": "Publicar el", "en": "Post on"},
    "so_variant": {"es": "Variante", "en": "Variant"},
    "so_skipped": {"es": "Temas sin borrador", "en": "Topics without a draft"},
    "so_no_drafts": {
        "es": "No hay tendencias ni fechas que la carta de este local pueda responder.",
        "en": "No trend or food day this venue's menu can answer.",
    },
    "so_tab_calendar": {"es": "Calendario", "en": "Calendar"},
    "so_cal_title": {"es": "Calendario de contenidos", "en": "Content calendar"},
    "so_cal_intro": {
        "es": "Las próximas cuatro semanas (hora de Lima), con las fechas gastronómicas. Carga "
        "publicaciones con «Cargar datos» (calendario de contenidos).",
        "en": "The next four weeks (Lima time), with the food days. Load posts under "
        "“Load data” (content calendar).",
    },
    "so_cal_empty": {"es": "Nada planificado.", "en": "Nothing planned."},
    "so_cal_export": {"es": "Exportar", "en": "Export"},
    "so_status_draft": {"es": "borrador", "en": "draft"},
    "so_status_approved": {"es": "aprobado", "en": "approved"},
    "so_status_scheduled": {"es": "programado", "en": "scheduled"},
    "so_status_published": {"es": "publicado", "en": "published"},
    "so_status_failed": {"es": "falló", "en": "failed"},
}
