"""The one French number formatter of the package (CONTENT.md §6)."""

import math

import pytest

from cpmc_course.kit import fr_euros, fr_euros_auto, fr_montant, fr_nombre, fr_points, fr_pourcent, parse_nombre

N = "\u202f"


@pytest.mark.parametrize(
    "value, decimales, expected",
    [
        (5726, 0, f"5{N}726"),
        (1765407, 0, f"1{N}765{N}407"),
        (0.048372, None, "0,04837"),
        (12500, None, f"12{N}500"),
        (3.0, None, "3"),
        (2.15, 2, "2,15"),
        (-0.0001, 0, "0"),
        (18181.82, 4, f"18{N}181,8200"),
    ],
)
def test_fr_nombre(value, decimales, expected):
    assert fr_nombre(value, decimales) == expected


def test_trailing_zeros_dropped_on_request():
    assert fr_nombre(0.375, 4, zeros=False) == "0,375"
    assert fr_nombre(30.0, 4, zeros=False) == "30"


def test_units_and_missing_values():
    assert fr_pourcent(0.125) == f"12,5{N}%"
    assert fr_pourcent(0.4375, 0) == f"44{N}%"
    assert fr_euros(5726) == f"5{N}726{N}€"
    assert fr_euros_auto(12.5) == f"12,50{N}€"
    assert fr_montant(1_765_407) == f"1,77{N}M€"
    assert fr_montant(845_300) == f"845{N}k€"
    assert fr_montant(0.39) == f"0,39{N}€" and fr_montant(450) == f"450{N}€"
    assert fr_points(0.016) == f"+1,6{N}point"
    assert fr_points(-0.02) == f"−2,0{N}points"
    for f in (fr_nombre, fr_pourcent, fr_euros, fr_montant, fr_points):
        assert f(None) == "—" and f(math.nan) == "—"


@pytest.mark.parametrize("text, value", [("1 200 €", 1200), (f"5{N}726", 5726), ("−12,5 %", -12.5), ("0.25", 0.25)])
def test_parse_nombre_reads_what_the_formatter_writes(text, value):
    assert parse_nombre(text) == pytest.approx(value)
    assert parse_nombre(fr_nombre(value, 2)) == pytest.approx(value)
