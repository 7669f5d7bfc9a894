/**
 * @module web/admin/catalogue-form
 * The 两个清单 editor's form: a service item (contract `catalogue/service-item`) as labelled fields,
 * its materials and fees as table rows with a few empty rows to add to, and the reverse — the posted
 * fields read back into an item for the catalogue service, which checks it against its contract.
 * Nothing is checked here beyond shape: the contract and the service have the one set of rules.
 */
import type { Department } from '../../core/departments/department.js';
import type { ServiceItem } from '../../core/catalogue/service-item.js';
import type { ConsoleView } from '../console-shell.js';
import { csrfInput, selectField, textField } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';

/** Empty rows offered below the existing materials and fees. */
const SPARE_ROWS = 2;
/** At most this many rows are read back (the contract has no larger items in practice). */
export const MAX_ROWS = 60;

const KINDS = ['行政许可', '行政给付', '行政确认', '行政征收', '其他行政权力', '公共服务'] as const;
const LEVELS = ['county', 'township', 'village'] as const;
const MODES = ['即来即办', '承诺件'] as const;
const REFORM = ['可以做到', '近期可以做到', '须审慎推开'] as const;
const WINDOWS = ['投资项目', '不动产登记', '商事登记', '社会事务', '公用事业'] as const;
const FORMS = ['原件', '复印件', '原件或电子件', '电子件'] as const;
const SOURCES = ['license', 'document', 'commitment', 'paper'] as const;

type Material = ServiceItem['materials'][number];
type Fee = ServiceItem['fees'][number];
export type CatalogueFormBody = Record<string, string>;

/** The contract's (Chinese) values, each shown by its label in the page's language. */
const choicesOf = (view: ConsoleView, values: readonly string[]) => values.map((v) => [v, view.t.catalogue.choices[v] ?? v] as const);

export function itemForm(view: ConsoleView, item: Partial<ServiceItem>, departments: readonly Department[]): SafeHtml {
  const t = view.t.catalogue;
  const materials: (Material | undefined)[] = [...(item.materials ?? []), ...Array<undefined>(SPARE_ROWS).fill(undefined)];
  const fees: (Fee | undefined)[] = [...(item.fees ?? []), ...Array<undefined>(SPARE_ROWS).fill(undefined)];
  const participating = new Set((item.participatingDepartments ?? []).map((d) => d.uscc));
  return html`<form method="post" action="/console/admin/catalogue/item" id="catalogue-item">
${csrfInput(view)}
<fieldset><legend>${t.basics}</legend>
${textField('code', t.code, { value: item.code, required: true, maxLength: 64 })}
${textField('name', t.name, { value: item.name, required: true, maxLength: 200 })}
${selectField('kind', t.kind, choicesOf(view, KINDS), { value: item.kind })}
${selectField(
  'leadDepartment',
  t.leadDepartment,
  departments.map((d) => [d.uscc, `${d.name}（${d.uscc}）`] as const),
  { value: item.leadDepartment?.uscc, dataLang: 'zh-CN' },
)}
<fieldset><legend>${t.participating}</legend>
${departments.map(
  (d, i) =>
    html`<div><input type="checkbox" id="participating-${i}" name="participating-${d.uscc}" value="yes"${
      participating.has(d.uscc) ? html` checked` : undefined
    }> <label class="inline" for="participating-${i}" lang="zh-CN">${d.name}</label></div>`,
)}
</fieldset>
${selectField(
  'level',
  t.level,
  LEVELS.map((l) => [l, view.t.departments.levels[l]] as const),
  { value: item.level },
)}
${selectField('handlingMode', t.handlingMode, choicesOf(view, MODES), { value: item.handlingMode })}
${textField('statutoryDays', t.statutoryDays, { value: item.statutoryDays?.toString(), required: true, maxLength: 4 })}
${textField('promisedDays', t.promisedDays, { value: item.promisedDays?.toString(), required: true, maxLength: 4 })}
${selectField('reformStatus', t.reformStatus, choicesOf(view, REFORM), { value: item.reformStatus })}
${selectField('window', t.window, choicesOf(view, WINDOWS), { value: item.window })}
${textField('legalBasis', t.legalBasis, { value: item.legalBasis, required: true, maxLength: 500 })}
${textField('conditions', t.conditions, { value: item.conditions, maxLength: 1000 })}
</fieldset>
<h2>${t.materials}</h2>
<p class="note">${t.materialsNote}</p>
<div class="scroll"><table id="catalogue-materials">
<thead><tr><th scope="col">${t.materialCode}</th><th scope="col">${t.materialName}</th><th scope="col">${t.required}</th><th scope="col">${t.form}</th><th scope="col">${t.copies}</th><th scope="col">${t.source}</th><th scope="col">${t.sourceDetail}</th><th scope="col">${t.tolerance}</th></tr></thead>
<tbody>
${materials.map((m, i) => materialRow(view, i, m))}
</tbody></table></div>
<h2>${t.fees}</h2>
<p class="note">${t.feesNote}</p>
<table id="catalogue-fees">
<thead><tr><th scope="col">${t.feeName}</th><th scope="col">${t.feeAmount}</th><th scope="col">${t.feeBasis}</th></tr></thead>
<tbody>
${fees.map(
  (f, i) => html`<tr>
<td>${cell(`f${i}-name`, t.cell(t.feeName, i + 1), f?.name, 200)}</td>
<td>${cell(`f${i}-amountYuan`, t.cell(t.feeAmount, i + 1), f?.amountYuan, 20)}</td>
<td>${cell(`f${i}-basis`, t.cell(t.feeBasis, i + 1), f?.basis, 500)}</td></tr>`,
)}
</tbody></table>
<button type="submit" class="primary">${t.save}</button>
</form>`;
}

/** A table cell's input: its visible label is the column heading, so the label is for screen readers. */
function cell(name: string, label: string, value: string | undefined, maxLength: number): SafeHtml {
  return html`<label for="${name}" class="sr-only">${label}</label><input type="text" id="${name}" name="${name}" value="${value ?? ''}" maxlength="${maxLength}" spellcheck="false">`;
}

function cellSelect(name: string, label: string, choices: readonly (readonly [string, string])[], value: string | undefined): SafeHtml {
  return html`<label for="${name}" class="sr-only">${label}</label><select id="${name}" name="${name}">${choices.map(
    ([v, text]) => html`<option value="${v}"${v === value ? html` selected` : undefined}>${text}</option>`,
  )}</select>`;
}

function materialRow(view: ConsoleView, i: number, m: Material | undefined): SafeHtml {
  const t = view.t.catalogue;
  const detail = m?.source.kind === 'license' ? m.source.typeCode : m?.source.kind === 'document' ? m.source.documentKind : '';
  return html`<tr>
<td>${cell(`m${i}-code`, t.cell(t.materialCode, i + 1), m?.code, 32)}</td>
<td>${cell(`m${i}-name`, t.cell(t.materialName, i + 1), m?.name, 200)}</td>
<td><label for="m${i}-required" class="sr-only">${t.cell(t.required, i + 1)}</label><input type="checkbox" id="m${i}-required" name="m${i}-required" value="yes"${
    m === undefined || m.required ? html` checked` : undefined
  }></td>
<td>${cellSelect(`m${i}-form`, t.cell(t.form, i + 1), choicesOf(view, FORMS), m?.form)}</td>
<td>${cell(`m${i}-copies`, t.cell(t.copies, i + 1), (m?.copies ?? 1).toString(), 3)}</td>
<td>${cellSelect(
    `m${i}-source`,
    t.cell(t.source, i + 1),
    SOURCES.map((s) => [s, t.sources[s] ?? s] as const),
    m?.source.kind,
  )}</td>
<td>${cell(`m${i}-detail`, t.cell(t.sourceDetail, i + 1), detail, 64)}</td>
<td>${cell(`m${i}-tolerance`, t.cell(t.tolerance, i + 1), m?.tolerance?.withinDays.toString(), 3)}</td></tr>`;
}

/**
 * The posted fields as an item. Numbers that are not numbers stay strings, so the contract names
 * the field; a row with neither code nor name is an empty row and is left out.
 */
export function readItemForm(body: CatalogueFormBody, departments: readonly Department[]): unknown {
  const text = (name: string) => (body[name] ?? '').trim();
  const number = (name: string) => (/^\d+$/.test(text(name)) ? Number(text(name)) : text(name));
  const authority = (uscc: string) => ({ uscc, name: departments.find((d) => d.uscc === uscc)?.name ?? '' });
  const lead = text('leadDepartment');
  const materials = [];
  const fees = [];
  for (let i = 0; i < MAX_ROWS; i++) {
    const p = `m${i}-`;
    if (text(`${p}code`) || text(`${p}name`)) {
      const kind = text(`${p}source`);
      const source =
        kind === 'license'
          ? { kind, typeCode: text(`${p}detail`) }
          : kind === 'document'
            ? { kind, documentKind: text(`${p}detail`) }
            : { kind };
      materials.push({
        code: text(`${p}code`),
        name: text(`${p}name`),
        required: body[`${p}required`] === 'yes',
        form: text(`${p}form`),
        copies: number(`${p}copies`),
        source,
        ...(text(`${p}tolerance`) ? { tolerance: { withinDays: number(`${p}tolerance`) } } : {}),
      });
    }
    if (text(`f${i}-name`) || text(`f${i}-amountYuan`)) {
      fees.push({ name: text(`f${i}-name`), amountYuan: text(`f${i}-amountYuan`), basis: text(`f${i}-basis`) });
    }
  }
  const participating = departments
    .filter((d) => d.uscc !== lead && body[`participating-${d.uscc}`] === 'yes')
    .map((d) => authority(d.uscc));
  return {
    code: text('code'),
    name: text('name'),
    kind: text('kind'),
    leadDepartment: authority(lead),
    ...(participating.length > 0 ? { participatingDepartments: participating } : {}),
    level: text('level'),
    handlingMode: text('handlingMode'),
    statutoryDays: number('statutoryDays'),
    promisedDays: number('promisedDays'),
    reformStatus: text('reformStatus'),
    ...(text('conditions') ? { conditions: text('conditions') } : {}),
    window: text('window'),
    legalBasis: text('legalBasis'),
    materials,
    fees,
  };
}
