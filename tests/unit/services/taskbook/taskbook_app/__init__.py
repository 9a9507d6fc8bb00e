"""A DDD task service: frozen value objects (``TaskTitle`` checks itself in
``__post_init__``), an entity of value objects behind properties, use cases behind ABCs
built by ``Depends`` factories, and routes answering ``TaskRead.from_entity(task)``."""
