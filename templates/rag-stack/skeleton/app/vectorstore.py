"""The vector database named in config/rag.yaml: pgvector, Qdrant, Weaviate
or Pinecone, behind one small interface."""

import os


class VectorStore:
    def upsert(self, items: list[dict]) -> None:  # id, text, source, vector
        raise NotImplementedError

    def search(self, vector: list[float], top_k: int) -> list[dict]:
        raise NotImplementedError


class PgVector(VectorStore):
    def __init__(self, config: dict):
        import psycopg

        db = config["vectorDb"]
        self.table = db["collection"]
        self.operator = {"cosine": "<=>", "dot": "<#>", "euclidean": "<->"}[db["metric"]]
        self.conn = psycopg.connect(db["url"], password=os.environ.get("VECTOR_DB_PASSWORD"), autocommit=True)
        dims = config["embedding"]["dimensions"]
        self.conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        self.conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} (id text PRIMARY KEY, text text, source text, embedding vector({dims}))"
        )

    def upsert(self, items):
        with self.conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {self.table} (id, text, source, embedding) VALUES (%s, %s, %s, %s::vector) "
                "ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, source = EXCLUDED.source, embedding = EXCLUDED.embedding",
                [(i["id"], i["text"], i["source"], str(i["vector"])) for i in items],
            )

    def search(self, vector, top_k):
        rows = self.conn.execute(
            f"SELECT id, text, source, embedding {self.operator} %s::vector AS distance FROM {self.table} ORDER BY distance LIMIT %s",
            (str(vector), top_k),
        ).fetchall()
        return [{"id": r[0], "text": r[1], "source": r[2], "score": -float(r[3])} for r in rows]


class Qdrant(VectorStore):
    def __init__(self, config: dict):
        from qdrant_client import QdrantClient, models

        db = config["vectorDb"]
        self.models = models
        self.collection = db["collection"]
        self.client = QdrantClient(url=db["url"], api_key=os.environ.get("VECTOR_DB_API_KEY"))
        distance = {"cosine": models.Distance.COSINE, "dot": models.Distance.DOT, "euclidean": models.Distance.EUCLID}[db["metric"]]
        if not self.client.collection_exists(self.collection):
            self.client.create_collection(
                self.collection,
                vectors_config=models.VectorParams(size=config["embedding"]["dimensions"], distance=distance),
            )

    def upsert(self, items):
        self.client.upsert(
            self.collection,
            points=[
                self.models.PointStruct(id=i["id"], vector=i["vector"], payload={"text": i["text"], "source": i["source"]})
                for i in items
            ],
        )

    def search(self, vector, top_k):
        hits = self.client.query_points(self.collection, query=vector, limit=top_k).points
        return [{"id": str(h.id), "text": h.payload["text"], "source": h.payload["source"], "score": h.score} for h in hits]


class Weaviate(VectorStore):
    def __init__(self, config: dict):
        import weaviate
        from urllib.parse import urlparse
        from weaviate.classes.init import Auth

        db = config["vectorDb"]
        url = urlparse(db["url"])
        # HTTP and gRPC on the Service's two ports, with the API key the server
        # requires (Secret <name>-vector-db, key api-key, as VECTOR_DB_API_KEY).
        self.client = weaviate.connect_to_custom(
            http_host=url.hostname, http_port=url.port or 8080, http_secure=url.scheme == "https",
            grpc_host=url.hostname, grpc_port=50051, grpc_secure=url.scheme == "https",
            auth_credentials=Auth.api_key(os.environ["VECTOR_DB_API_KEY"]),
        )
        name = db["collection"].capitalize()
        if not self.client.collections.exists(name):
            self.client.collections.create(name)
        self.collection = self.client.collections.get(name)

    def upsert(self, items):
        with self.collection.batch.dynamic() as batch:
            for i in items:
                batch.add_object(properties={"text": i["text"], "source": i["source"]}, vector=i["vector"], uuid=i["id"])

    def search(self, vector, top_k):
        result = self.collection.query.near_vector(near_vector=vector, limit=top_k, return_metadata=["distance"])
        return [
            {"id": str(o.uuid), "text": o.properties["text"], "source": o.properties["source"], "score": -o.metadata.distance}
            for o in result.objects
        ]


class Pinecone(VectorStore):
    def __init__(self, config: dict):
        from pinecone import Pinecone as Client

        db = config["vectorDb"]
        self.namespace = db["collection"]
        self.index = Client(api_key=os.environ["VECTOR_DB_API_KEY"]).Index(host=db["url"])

    def upsert(self, items):
        self.index.upsert(
            vectors=[{"id": i["id"], "values": i["vector"], "metadata": {"text": i["text"], "source": i["source"]}} for i in items],
            namespace=self.namespace,
        )

    def search(self, vector, top_k):
        result = self.index.query(vector=vector, top_k=top_k, include_metadata=True, namespace=self.namespace)
        return [{"id": m.id, "text": m.metadata["text"], "source": m.metadata["source"], "score": m.score} for m in result.matches]


def open_store(config: dict) -> VectorStore:
    return {"pgvector": PgVector, "qdrant": Qdrant, "weaviate": Weaviate, "pinecone": Pinecone}[config["vectorDb"]["type"]](config)
