// Above the launcher's cards: the image and instance type that "Notebook" and "Console" start on.
import { Widget } from '@lumino/widgets';
import { h } from '../dom.ts';
import type { IStudioContext } from '../tokens.ts';
import { imageDefaultNote, imageSelect, instanceTypeForImage, instanceTypeSelect } from './choice-selects.ts';

export class KernelChoiceBar extends Widget {
  constructor(private readonly studio: IStudioContext) {
    super();
    this.addClass('tessera-KernelChoiceBar');
    studio.choice.changed.connect(this.render, this);
    this.render();
  }

  dispose(): void {
    this.studio.choice.changed.disconnect(this.render, this);
    super.dispose();
  }

  private render(): void {
    const { choice } = this.studio;
    const heading = h(
      'div',
      { className: 'tessera-KernelChoiceBar-heading' },
      h('h2', {}, 'Environment'),
      h('p', {}, 'New notebooks and consoles start a kernel with this image on this instance type.'),
    );
    this.node.replaceChildren(
      heading,
      h('div', { className: 'tessera-KernelChoiceBar-loading' }, 'Loading images and instance types…'),
    );
    this.studio.catalog().then(
      ({ images, instanceTypes }) => {
        if (this.isDisposed) return;
        const image = (name: string) => images.find((i) => i.ImageName === name);
        const note = imageDefaultNote(image(choice.imageName), instanceTypes, choice.instanceType);
        this.node.replaceChildren(
          heading,
          h(
            'div',
            { className: 'tessera-KernelChoiceBar-fields' },
            h(
              'label',
              {},
              h('span', {}, 'Image'),
              // An image made for another instance type (a GPU image) brings it along.
              imageSelect(images, choice.imageName, (imageName) =>
                choice.set({
                  imageName,
                  instanceType: instanceTypeForImage(
                    image(choice.imageName),
                    image(imageName),
                    instanceTypes,
                    choice.instanceType,
                  ),
                }),
              ),
            ),
            h(
              'label',
              {},
              h('span', {}, 'Instance type'),
              instanceTypeSelect(instanceTypes, choice.instanceType, (instanceType) => choice.set({ instanceType })),
            ),
          ),
          ...(note ? [h('p', { className: 'tessera-KernelChoiceBar-note' }, note)] : []),
        );
      },
      (err) => {
        if (!this.isDisposed)
          this.node.replaceChildren(
            heading,
            h('div', { className: 'tessera-Error' }, `Cannot list images and instance types: ${err.message}`),
          );
      },
    );
  }
}
