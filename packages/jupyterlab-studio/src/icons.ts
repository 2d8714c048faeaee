import { LabIcon } from '@jupyterlab/ui-components';
import diffSvg from '../style/icons/diff.svg';
import gitSvg from '../style/icons/git.svg';
import jumpstartSvg from '../style/icons/jumpstart.svg';
import resourcesSvg from '../style/icons/resources.svg';
import shareSvg from '../style/icons/share.svg';
import tesseraSvg from '../style/icons/tessera.svg';

export const tesseraIcon = new LabIcon({ name: 'tessera:logo', svgstr: tesseraSvg });
export const gitIcon = new LabIcon({ name: 'tessera:git', svgstr: gitSvg });
export const jumpstartIcon = new LabIcon({ name: 'tessera:jumpstart', svgstr: jumpstartSvg });
export const resourcesIcon = new LabIcon({ name: 'tessera:resources', svgstr: resourcesSvg });
export const checkpointDiffIcon = new LabIcon({ name: 'tessera:checkpoint-diff', svgstr: diffSvg });
export const shareIcon = new LabIcon({ name: 'tessera:share', svgstr: shareSvg });
