from src.users.application.use_cases.delete_user import DeleteUserUseCase
from src.users.application.use_cases.get_user import GetUserUseCase
from src.users.application.use_cases.get_user_with_posts import GetUserWithPostsUseCase
from src.users.application.use_cases.register_user import RegisterUserUseCase

__all__ = [
    "DeleteUserUseCase",
    "GetUserUseCase",
    "GetUserWithPostsUseCase",
    "RegisterUserUseCase",
]
