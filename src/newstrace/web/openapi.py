"""The OpenAPI 3.1 description of the JSON twins (served at ``/openapi.json``)."""

from __future__ import annotations

from typing import Any


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    return out


S = {"type": "string"}
NS = {"type": ["string", "null"]}
I = {"type": "integer"}
ANCHOR = {"type": "string", "description": "id of the anchor in the article page (`/article/{article_id}#{anchor}`)"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _arr(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


SCHEMAS: dict[str, Any] = {
    "Error": _obj({"error": S, "status": I}, ["error", "status"]),
    "StoryListItem": _obj({"id": S, "title": S, "articles": I, "outlets": I, "first_date": NS, "last_date": NS,
                           "outlet_names": _arr(S)}, ["id", "title", "articles", "outlets"]),
    "StoryList": _obj({
        "filters": _obj({"q": S, "outlet": S, "entity": S, "from": S, "to": S}),
        "stories": _arr(_ref("StoryListItem")), "outlets": _arr(S),
        "totals": _obj({"stories": I, "articles": I, "claims": I}),
    }, ["stories"]),
    "MatrixCell": _obj({
        "report_id": S, "present": {"type": "boolean"},
        "state": {"enum": ["absent", "shared", "unique", "conflicting"]},
        "certainty": {"enum": ["asserted", "probable", "possible", "denied", "unknown"]},
        "mark": S, "article_id": S, "anchor": ANCHOR,
        "claims": _arr(_obj({"id": S, "article_id": S, "outlet": NS, "text": S, "source": NS, "cue": NS,
                             "kind": S, "certainty": S, "chain": _arr(S), "anchor": ANCHOR})),
    }, ["report_id", "present", "state"]),
    "Story": _obj({
        "id": S, "title": S, "dates": _obj({"first": NS, "last": NS}),
        "articles": _arr(_obj({"id": S, "title": S, "outlet": S, "url": NS, "published": NS, "date_source": NS,
                               "duplicate_of": NS, "similarity": {"type": ["number", "null"]}, "report_id": S,
                               "claims": I})),
        "reports": _arr(_obj({"id": S, "column": I, "label": S, "outlets": _arr(S), "article_ids": _arr(S),
                              "headline": NS, "published": NS, "claims": _obj({"shared": I, "partial": I, "unique": I})})),
        "summary": _obj({k: I for k in ("articles", "reports", "outlets", "claims", "groups", "shared", "partial",
                                         "unique", "conflicts", "drift")}),
        "matrix": _arr(_obj({"index": I, "text": S, "status": {"enum": ["shared", "partial", "unique"]},
                             "conflicting": {"type": "boolean"}, "conflict_note": NS,
                             "certainty_differs": {"type": "boolean"}, "reports": I, "sources": _arr(S),
                             "cells": _arr(_ref("MatrixCell"))})),
        "drift": _arr(_obj({"article_id": S, "outlet": S, "kind": S, "note": S, "anchor": NS})),
        "conflicts": _arr(_obj({
            "kind": {"enum": ["number", "date", "name"]}, "subject": S, "note": S,
            "values": _arr(_obj({"value": S, "claims": _arr(_obj({
                "id": S, "article_id": S, "outlet": NS, "text": S, "anchor": ANCHOR}))})),
        })),
        "chains": _obj({
            "nodes": _arr(_obj({"id": S, "column": {"enum": [0, 1, 2]}, "name": S, "claims": I})),
            "edges": _arr(_obj({"from": S, "to": S, "from_name": S, "to_name": S, "claims": I,
                                "example": _obj({"claim_id": S, "article_id": S, "text": S, "anchor": ANCHOR})})),
            "hidden": _obj({}),
        }),
        "timeline": _arr(_obj({"value": S, "type": S, "text": S, "article_id": S, "outlet": S, "start": I, "end": I,
                               "sentence": NS, "first_day": NS, "last_day": NS, "precision": NS,
                               "anchor": ANCHOR, "sentence_anchor": ANCHOR})),
        "entities": _arr(_obj({"id": S, "name": S, "type": S, "mentions": I, "articles": I,
                               "aliases": _arr(_obj({"alias": S, "article_id": NS, "outlet": NS, "anchor": NS}))})),
    }, ["id", "title", "articles", "reports", "matrix", "chains", "timeline", "entities"]),
    "Article": _obj({
        "id": S, "title": S, "outlet": S, "url": NS, "published": NS, "date_source": NS, "origin": S,
        "language": S, "story_id": NS, "text": S,
        "segments": _arr(_obj({"text": S, "anchors": _arr(S), "kinds": _arr({"enum": ["content", "source", "cue", "mention", "time"]}),
                               "label": NS, "target": {"type": ["object", "null"]}})),
        "claims": _arr(_obj({"id": S, "kind": S, "certainty": S, "mark": S, "source": NS, "source_text": NS,
                             "cue": NS, "content": S, "chain": _arr(S), "hedges": _arr(S), "parent_id": NS,
                             "sentence_index": I, "anchor": ANCHOR})),
        "mentions": _arr(_obj({"start": I, "end": I, "text": S, "type": S, "entity_id": NS, "entity": NS})),
        "times": _arr(_obj({"start": I, "end": I, "text": S, "type": S, "value": NS, "anchored": {"type": "boolean"},
                            "anchor": ANCHOR})),
        "removed_lines": _arr(_obj({"text": S, "reason": S})),
    }, ["id", "title", "text", "segments", "claims"]),
}


def _json_resp(schema: str, desc: str) -> dict[str, Any]:
    return {"description": desc, "content": {"application/json": {"schema": _ref(schema)}}}


NOT_FOUND = {"404": _json_resp("Error", "unknown id")}
ID_PARAM = lambda name: {"name": name, "in": "path", "required": True,  # noqa: E731
                         "schema": {"type": "string", "pattern": "^[0-9a-f]{4,40}$"},
                         "description": "full id or a unique prefix"}
LIST_PARAMS = [
    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200}, "description": "text in titles or bodies"},
    {"name": "outlet", "in": "query", "schema": {"type": "string", "maxLength": 200}},
    {"name": "entity", "in": "query", "schema": {"type": "string", "maxLength": 200}, "description": "entity name or alias"},
    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
]
HTML_NOTE = " The same path without `.json` serves the HTML page; it also answers JSON to `Accept: application/json`."

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "newstrace", "version": "1", "description":
             "Read-only JSON twins of the newstrace web pages. Only GET is accepted."},
    "paths": {
        "/stories.json": {"get": {"summary": "Stories, largest first" + HTML_NOTE.replace("without `.json`", "`/`"),
                                  "parameters": LIST_PARAMS,
                                  "responses": {"200": _json_resp("StoryList", "the story list"),
                                                "400": _json_resp("Error", "bad parameter")}}},
        "/story/{story_id}.json": {"get": {"summary": "One story compared across outlets." + HTML_NOTE,
                                           "parameters": [ID_PARAM("story_id")],
                                           "responses": {"200": _json_resp("Story", "the story"), **NOT_FOUND}}},
        "/article/{article_id}.json": {"get": {"summary": "One article with every extracted span." + HTML_NOTE,
                                               "parameters": [ID_PARAM("article_id")],
                                               "responses": {"200": _json_resp("Article", "the article"), **NOT_FOUND}}},
        "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    },
    "components": {"schemas": SCHEMAS},
}
