"""The lab's stand-in for the Cortex Hub backend (ai_hub_service)."""
import os
from pathlib import Path

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import RedirectResponse

from app.db import migrate

VERSION_FILE = Path(os.environ.get("CORTEX_VERSION_FILE", "VERSION"))

app = FastAPI(title="ai-hub (lab)")


def read_version() -> str:
    try:
        return VERSION_FILE.read_text().strip()
    except OSError:
        return "unknown"


@app.on_event("startup")
def run_migrations() -> None:
    migrate.run()
    print("migrations up to date", flush=True)


@app.get("/api/v1/health")
def health() -> dict:
    return {"status": "ok", "service": "ai_hub_service", "version": read_version()}


@app.get("/api/v1/auth/login")
def login(request: Request) -> RedirectResponse:
    # Built from the request, like an OIDC redirect_uri: the scheme uvicorn believes in
    # shows in the Location header.
    callback = request.url_for("auth_callback")
    return RedirectResponse(f"{callback}?state=lab", status_code=302)


@app.get("/api/v1/auth/callback", name="auth_callback")
def auth_callback(request: Request) -> dict:
    return {"ok": True, "scheme": request.url.scheme}


@app.post("/api/v1/echo")
async def echo(request: Request) -> dict:
    body = await request.body()
    return {
        "scheme": request.url.scheme,
        "length": len(body),
        "body": body.decode("utf-8", errors="replace"),
    }


@app.websocket("/api/v1/ws")
async def ws_echo(ws: WebSocket) -> None:
    await ws.accept()
    try:
        while True:
            await ws.send_text(await ws.receive_text())
    except WebSocketDisconnect:
        pass
