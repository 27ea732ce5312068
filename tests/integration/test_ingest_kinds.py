# ruff: noqa: E501  (CSV rows are test data; splitting them hides what the file looks like)
"""Every ingest kind end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sazon.ingest import ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.store import Dish, Feedback, MarketText, OrderLine, SocialPost, Visit, Wine

pytestmark = pytest.mark.integration


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_menu_wines_visits_feedback(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    menu = _write(
        tmp_path / "carta.csv",
        "plato,tiempo,precio,ingredientes,local\n"
        "Ceviche de la casa,Entrada,S/ 48,corvina;limón;ají limo;cebolla roja;kion,Qaray Mar\n"
        "Tiradito de pulpo,entrada,39.90,pulpo;limón;ají amarillo;polvo de estrellas,Qaray Mar\n",
    )
    dishes = ingest_file(factory, kb, "dishes", menu)
    assert (dishes.accepted, dishes.quarantined) == (2, 0)
    assert any("polvo de estrellas" in w["value"] for d in dishes.details for w in d.warnings)
    wines = _write(
        tmp_path / "vinos.csv",
        "vino,bodega,color,estilo,uvas,acidez,precio,copa,aromas,local\n"
        "Albariño Rías Baixas,Bodega X,blanco,tranquilo,albariño,5,S/ 150,sí,citrus;marine,Qaray Mar\n"
        "Espumante Brut,Tacama,blanco,espumante,chardonnay;pinot noir,4,120,no,,Qaray Mar\n",
    )
    assert ingest_file(factory, kb, "wines", wines).accepted == 2
    visits = _write(
        tmp_path / "ventas.csv",
        "id_visita;fecha;personas;local;platos;total\n"
        'V1;24/12/2025 21:30;2;Qaray Mar;"Ceviche de la casa x2; Albariño Rías Baixas";S/ 246\n',
    )
    summary = ingest_file(factory, kb, "visits", visits)
    assert summary.accepted == 1, summary.details
    reviews = _write(
        tmp_path / "resenas.jsonl",
        json.dumps(
            {
                "id": "R1",
                "visit_id": "V1",
                "estrellas": 5,
                "comentario": "Bacán el ceviche 🐟",
                "fecha": "2025-12-25T10:00:00-05:00",
                "canal": "google",
            },
            ensure_ascii=False,
        )
        + "\n",
    )
    assert ingest_file(factory, kb, "feedback", reviews).accepted == 1
    with factory() as s:
        ceviche = s.scalars(select(Dish).where(Dish.name_es == "Ceviche de la casa")).one()
        assert [i.ingredient_id for i in ceviche.ingredients][:2] == ["corvina", "limon"]
        albarino = s.scalars(select(Wine).where(Wine.name == "Albariño Rías Baixas")).one()
        assert (albarino.style, albarino.aromas, albarino.by_the_glass) == (
            "still",
            ["citrus", "marine"],
            True,
        )
        visit = s.scalars(select(Visit).where(Visit.external_id == "V1")).one()
        lines = s.scalars(select(OrderLine).where(OrderLine.visit_id == visit.id)).all()
        assert {(li.dish_id, li.wine_id, li.quantity) for li in lines} == {
            (ceviche.id, None, 2),
            (None, albarino.id, 1),
        }
        fb = s.scalars(select(Feedback)).one()
        assert fb.visit_id == visit.id and fb.rating == 5 and "🐟" in (fb.text or "")


def test_social_posts_and_market_texts(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    posts = _write(
        tmp_path / "posts.csv",
        "post_id,plataforma,tipo,fecha,pagado,alcance,me_gusta,comentarios,compartidos\n"
        "P1,instagram,reel,15/11/2026 19:30,no,5400,320,41,12\n"
        "P2,facebook,photo,16/11/2026 12:00,sí,-5,10,1,0\n",
    )
    result = ingest_file(factory, kb, "social-posts", posts)
    assert (result.accepted, result.quarantined) == (1, 1)
    assert result.details[1].reasons[0]["field"] == "reach"
    texts = _write(
        tmp_path / "mercado.jsonl",
        '{"id": "M1", "texto": "La chicha morada sin azúcar está buenaza", '
        '"fecha": "2026-11-01", "producto": "chicha morada", "fuente": "tiktok"}\n'
        '{"id": "M2", "texto": "", "fecha": "2026-11-01"}\n',
    )
    result = ingest_file(factory, kb, "market-texts", texts)
    assert (result.accepted, result.quarantined) == (1, 1)
    with factory() as s:
        assert s.scalars(select(SocialPost)).one().likes == 320
        assert s.scalars(select(MarketText)).one().product == "chicha morada"


def test_dishes__a_close_spelling_is_unknown_with_a_suggestion_never_applied(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    menu = _write(
        tmp_path / "carta.csv",
        "plato,tiempo,precio,ingredientes\n"
        "Alfajor de maní,postre,12,harina de maní;azúcar\n"
        "Alfajor de maíz,postre,12,harina de maix;azúcar\n"
        "Huevo a caballo,fondo,20,huevo frito;arroz\n",
    )
    summary = ingest_file(factory, kb, "dishes", menu)
    assert summary.accepted == 3
    warnings = [w for d in summary.details for w in d.warnings]
    [typo] = [w for w in warnings if w["value"] == "harina de maix"]
    assert "harina de maíz" in typo["error"]
    with factory() as s:
        dishes = {d.name_es: d for d in s.scalars(select(Dish).where(Dish.course == "postre"))}
        ids = {i.written_as: i.ingredient_id for d in dishes.values() for i in d.ingredients}
        fried = s.scalars(select(Dish).where(Dish.name_es == "Huevo a caballo")).one()
        assert [i.ingredient_id for i in fried.ingredients] == ["huevo", "arroz"]
    assert ids["harina de maní"] == "harina_de_mani"
    assert ids["harina de maix"] is None  # not maize flour: unknown until a person says so
