// A link from a notebook's output to a job's, endpoint's or model's page in Studio. A cell shows
// one by displaying application/vnd.tessera.resource+json, a kind and a name or the ARN boto3 returned:
//
//   display({'application/vnd.tessera.resource+json': {'arn': r['TrainingJobArn']},
//            'text/plain': r['TrainingJobArn']}, raw=True)
//
// SageMaker writes names in ARNs in lower case; a name with capitals is best given as kind and name.
// The payload comes from a notebook, which anyone may have written: it is checked against the
// names SageMaker allows and only ever written as text. Opening the page asks the server, which
// shows the user only their own resources, so a link to someone else's job opens nothing.
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { h } from '../dom.ts';
import { LABELS, parseResourceRef, RESOURCE_MIME_TYPE, type ResourceRef } from './details/resource-ref.ts';

export class ResourceLink extends Widget implements IRenderMime.IRenderer {
  constructor(private readonly open: (ref: ResourceRef) => void) {
    super();
    this.addClass('tessera-ResourceLink');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const ref = parseResourceRef(model.data[RESOURCE_MIME_TYPE]);
    if ('error' in ref) {
      this.node.replaceChildren(h('span', { className: 'tessera-Error' }, ref.error));
      return;
    }
    this.node.replaceChildren(
      h('span', { className: 'tessera-Muted' }, LABELS[ref.kind]),
      h('code', {}, ref.name),
      h(
        'button',
        {
          className: 'jp-mod-styled jp-mod-accept',
          title: `Open ${LABELS[ref.kind].toLowerCase()} ${ref.name} in Studio`,
          onclick: () => this.open(ref),
        },
        'Open',
      ),
    );
  }
}

/** The renderer for notebook outputs; `open` shows a resource's page (the tessera:open-resource command). */
export function resourceLinkFactory(open: (ref: ResourceRef) => void): IRenderMime.IRendererFactory {
  return {
    // It writes text only and opens a page of the user's own resource on a click: safe in untrusted outputs.
    safe: true,
    mimeTypes: [RESOURCE_MIME_TYPE],
    defaultRank: 20,
    createRenderer: () => new ResourceLink(open),
  };
}
