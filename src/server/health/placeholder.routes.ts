import type { FastifyPluginAsync } from 'fastify';
import { HtmlPage, Script } from '../../core/api/responses.ts';
import type { AppDeps } from '../deps.ts';

const page = (version: string) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>化解 Huajie</title>
<style>
  body { font-family: system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0; color: #1f1f1f; background: #f5f6f8; }
  main { max-width: 40rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  h1 { margin-top: 0; } .en { color: #555; } code { background: #f0f0f0; padding: 0 .3em; border-radius: 3px; }
  #health { font-weight: 600; }
</style>
</head>
<body>
<main>
  <h1>化解 Huajie</h1>
  <p>应急预案执行系统：把群体性事件处置预案变成有时限、可追溯、可问责的工作流程。值班台、事件处置和预案库界面正在建设中。</p>
  <p class="en">Executable emergency response plans for crowd incidents. The duty board, incident and plan screens are being built.</p>
  <p>服务状态 / Status: <span id="health" data-testid="health">…</span> · <code>GET /api/health</code> · v${version}</p>
</main>
<script src="/placeholder.js"></script>
</body>
</html>`;

const SCRIPT = `
  fetch('/api/health').then(r => r.json()).then(h => {
    document.getElementById('health').textContent = h.status === 'ok' ? '正常 OK (' + h.engine + ')' : '异常 ' + h.status;
  }).catch(() => { document.getElementById('health').textContent = '无法连接 unreachable'; });
`;

/** Until the web application exists, `/` explains what this is and shows the health check. */
export const placeholderRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const html = page(deps.version);
  // the status page, not the API: left out of the API's document
  const asPage = { schema: { hide: true, response: { 200: HtmlPage } }, config: { public: true } };
  const asScript = { schema: { hide: true, response: { 200: Script } }, config: { public: true } };
  app.get('/', asPage, async (_req, reply) => reply.type('text/html; charset=utf-8').send(html));
  // a file, not inline: the Content-Security-Policy allows scripts from this origin only
  app.get('/placeholder.js', asScript, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').send(SCRIPT),
  );
};
