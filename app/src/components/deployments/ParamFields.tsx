import { For, Match, Switch } from 'solid-js'
import type { ParamForm, ParamSpec } from '../../lib/params.ts'
import { paramHint } from '../../lib/params.ts'
import { Field, SelectField } from '../Field.tsx'

/** The inputs of a strategy's parameters, generated from its manifest: ranges, defaults, labels. */
export function ParamFields(props: {
  params: ReadonlyArray<{ name: string; spec: ParamSpec }>
  form: ParamForm
  onChange: (name: string, value: string | boolean) => void
  error: (name: string) => string | undefined
}) {
  return (
    <For each={props.params}>
      {({ name, spec }) => {
        const label = spec.label ?? name
        return (
          <Switch>
            <Match when={spec.type === 'enum' && spec}>
              {(s) => (
                <SelectField
                  label={label}
                  value={String(props.form[name] ?? s().default)}
                  onValue={(v) => props.onChange(name, v)}
                  options={s().values.map((v) => ({ value: v, label: v }))}
                  hint={paramHint(s())}
                  error={props.error(name)}
                />
              )}
            </Match>
            <Match when={spec.type === 'bool' && spec}>
              {(s) => (
                <div class="field">
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={props.form[name] === true}
                      onChange={(event) => props.onChange(name, event.currentTarget.checked)}
                    />{' '}
                    {label}
                  </label>
                  <p class="field-hint">{paramHint(s())}</p>
                </div>
              )}
            </Match>
            <Match when={(spec.type === 'int' || spec.type === 'number') && spec}>
              {(s) => (
                <Field
                  label={label}
                  type="number"
                  inputmode={s().type === 'int' ? 'numeric' : 'decimal'}
                  step={s().type === 'int' ? '1' : 'any'}
                  {...('min' in s() && s().min !== undefined ? { min: String(s().min) } : {})}
                  {...('max' in s() && s().max !== undefined ? { max: String(s().max) } : {})}
                  value={String(props.form[name] ?? '')}
                  onValue={(v) => props.onChange(name, v)}
                  hint={paramHint(s())}
                  error={props.error(name)}
                />
              )}
            </Match>
          </Switch>
        )
      }}
    </For>
  )
}
