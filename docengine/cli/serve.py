"""``docengine serve``: the saraban web desk (docengine.web) on this machine.

    docengine serve                      # http://127.0.0.1:8000, the sample office, the default register
    docengine --db postgresql://… --office office.yaml serve --host 0.0.0.0 --port 8080

Development only: production runs the same app under a WSGI server (README, "The web desk").
"""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on / ที่อยู่ที่รับการเชื่อมต่อ")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on / พอร์ต")
@click.option("--debug", is_flag=True, help="Flask's debugger and reloader (development only) / โหมดพัฒนา")
@click.pass_context
def serve(ctx, host, port, debug):
    """Serve the saraban web desk (Flask) on the register and office / เปิดระบบสารบรรณบนเว็บ"""
    from docengine.web import create_app

    obj = ctx.find_root().obj or {}
    app = create_app(db=obj.get("db"), office=obj.get("office"))
    desk = app.extensions["docengine"]
    from docengine.register.signers import users

    if not any(u.active and u.has_password and u.roles_in(desk.agency_code) for u in users(desk.register)):
        click.echo(f"note: no user can log in to {desk.agency_code} yet: DOCENGINE_PASSWORD=… docengine register "
                   "user add LOGIN --name … --position … --role clerk / ยังไม่มีผู้ใช้ที่เข้าสู่ระบบได้", err=True)
    click.echo(f"docengine web desk: http://{host}:{port}/  (Ctrl-C stops) / ระบบสารบรรณบนเว็บ", err=True)
    app.run(host=host, port=port, debug=debug, use_reloader=debug)
