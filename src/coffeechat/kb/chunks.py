"""Pages and notes cut into chunks for the store: along their markdown headings
(langchain-text-splitters' MarkdownHeaderTextSplitter), then to a token budget
(RecursiveCharacterTextSplitter measured with coffeechat.tokens, offline).

A chunk's id is a hash of its source and text, so re-indexing embeds only what changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from coffeechat import tokens
from coffeechat.kb.pages import Page

CHUNK_TOKENS = 180  # tiktoken tokens; keeps every chunk under the embedder's 256 wordpieces
MIN_PIECE_TOKENS = 40  # a piece's budget never drops below this, however long the heading label
LABEL_MARGIN_TOKENS = 2  # the newline between label and piece, and BPE joins across it
HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]  # the heading levels pages use for sections


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    metadata: dict[str, str]


def chunk_id(source: str, text: str) -> str:
    return hashlib.sha256(f"{source}\n{text}".encode()).hexdigest()[:24]


def _header_sections(body: str) -> list[tuple[str, str]]:
    """(deepest heading, text) per markdown section; text before the first heading has ''."""
    from langchain_text_splitters import MarkdownHeaderTextSplitter

    splitter = MarkdownHeaderTextSplitter(HEADERS, strip_headers=True)
    found = []
    for document in splitter.split_text(body):
        heading = next((document.metadata[key] for _, key in reversed(HEADERS) if key in document.metadata), "")
        text = document.page_content.replace("  \n", "\n").strip()  # the splitter joins lines with "  \n"
        if text:
            found.append((heading.strip(), text))
    return found


def _pieces(text: str, budget: int) -> list[str]:
    """text in pieces of at most `budget` tokens, cut at paragraph, line, sentence, then word."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        separators=["\n\n", "\n", ". ", " ", ""], chunk_size=budget, chunk_overlap=0, length_function=tokens.count, keep_separator="end",
    )
    return [piece.strip() for piece in splitter.split_text(text) if piece.strip()]


def chunk_text(source: str, title: str, body: str, metadata: dict[str, str], budget: int = CHUNK_TOKENS) -> list[Chunk]:
    """Chunks of a page or note along its headings, each prefixed with title and section."""
    chunks: list[Chunk] = []
    for heading, section in _header_sections(body):
        label = f"{title} — {heading}" if heading and heading != title else title
        header_cost = tokens.count(label) + LABEL_MARGIN_TOKENS
        for piece in _pieces(section, max(MIN_PIECE_TOKENS, budget - header_cost)):
            text = f"{label}\n{piece}"
            chunks.append(Chunk(chunk_id(source, text), text, {**metadata, "section": heading}))
    return chunks


def chunk_page(page: Page, budget: int = CHUNK_TOKENS) -> list[Chunk]:
    meta = {
        "source": page.source,
        "title": page.meta.title,
        "topic": page.meta.topic,
        "role": page.meta.role or "",
        "industry": page.meta.industry or "",
        "kind": "knowledge",
    }
    return chunk_text(page.source, page.meta.title, page.body, meta, budget)
