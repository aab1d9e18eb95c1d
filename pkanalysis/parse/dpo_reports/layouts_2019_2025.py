"""Layouts T1, B4, T2, C, C2 and T3 of the UN DPO monthly reports (September 2019 to 2025)."""

from __future__ import annotations

from .model import LayoutSpec

SPECS: list[LayoutSpec] = []
