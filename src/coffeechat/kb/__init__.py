"""The knowledge base: pages and their chunks, role profiles, the Chroma store, retrieval, and
indexing of pages and notes together. Modules here import no flow."""
