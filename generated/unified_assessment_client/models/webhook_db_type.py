from ..types import OpenStrEnum


class WebhookDbType(OpenStrEnum):
    """A database a webhook can write to (an open enum: see types.OpenStrEnum)."""

    MARIADB = "mariadb"
    MONGODB = "mongodb"
    MSSQL = "mssql"
    MYSQL = "mysql"
    POSTGRES = "postgres"
    SNOWFLAKE = "snowflake"
    SUPABASE = "supabase"
