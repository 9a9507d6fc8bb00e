"""A mailbox of contacts: e-mail addresses typed pydantic ``EmailStr``, a delete that reports
"nothing deleted" by returning ``False``, an async generator listing."""
