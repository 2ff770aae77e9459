"""Collection statement parsers, one module per channel; each documents its file format.

Every parser is strict: an empty file, a file in the wrong encoding, a header with the
wrong columns, or a bad field on any line raises one ``ValueError`` naming the channel and
the line, so nothing of a malformed file is applied.
"""
