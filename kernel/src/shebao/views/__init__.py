"""What the front ends show: the answers of the use cases as attrs values, one type for each
shape of JSON, built once from the kernel's model and masked for the viewer.

The CLI's ``--json`` prints ``shebao.convert.unstructure`` of these values and the service
answers with the same, and documents them in its OpenAPI document from these classes: one
definition, so the two front ends cannot drift apart."""
