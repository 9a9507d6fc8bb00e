from src.posts.application.use_cases.create_post import CreatePostUseCase
from src.posts.application.use_cases.delete_post import DeletePostUseCase
from src.posts.application.use_cases.get_post import GetPostUseCase
from src.posts.application.use_cases.list_user_posts import ListUserPostsUseCase

__all__ = [
    "CreatePostUseCase",
    "DeletePostUseCase",
    "GetPostUseCase",
    "ListUserPostsUseCase",
]
