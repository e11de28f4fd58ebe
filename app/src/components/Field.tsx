import { createUniqueId, type JSX, onMount, Show, splitProps } from 'solid-js'

interface Control {
  id: string
  /** For `aria-describedby`: the hint and the error, when shown. */
  describedBy: string | undefined
  invalid: 'true' | undefined
}

/**
 * A form control with its label, hint and error, wired for screen readers
 * (`aria-describedby`, `aria-invalid`); `children` renders the control itself.
 */
function FieldShell(props: {
  label: string
  hint?: JSX.Element
  error?: string | undefined
  children: (control: Control) => JSX.Element
}) {
  const id = createUniqueId()
  const control: Control = {
    id,
    get describedBy() {
      const ids = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
      return ids.filter(Boolean).join(' ') || undefined
    },
    get invalid() {
      return props.error ? 'true' : undefined
    },
  }
  return (
    <div class="field" classList={{ invalid: !!props.error }}>
      <label for={id}>{props.label}</label>
      {props.children(control)}
      <Show when={props.hint}>
        <p class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  )
}

interface Labelled {
  label: string
  value: string
  onValue: (value: string) => void
  hint?: JSX.Element
  error?: string | undefined
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value' | 'id'>

/**
 * A labelled input with its hint and error.
 *
 * @example
 * <Field label="Email" type="email" value={email()} onValue={setEmail} error={fields().email} />
 */
export function Field(props: InputProps & Labelled) {
  const [own, input] = splitProps(props, [
    'label',
    'value',
    'onValue',
    'hint',
    'error',
    'autofocus',
  ])
  let element: HTMLInputElement | undefined
  // The autofocus attribute only works on page load; fields that appear later focus here.
  onMount(() => {
    if (own.autofocus) element?.focus()
  })
  return (
    <FieldShell label={own.label} hint={own.hint} error={own.error}>
      {(control) => (
        <input
          {...input}
          ref={element}
          id={control.id}
          value={own.value}
          onInput={(event) => own.onValue(event.currentTarget.value)}
          aria-invalid={control.invalid}
          aria-describedby={control.describedBy}
        />
      )}
    </FieldShell>
  )
}

/** A labelled multi-line text field, like Field. */
export function TextAreaField(
  props: Labelled & { required?: boolean; minLength?: number; maxLength?: number; rows?: number },
) {
  return (
    <FieldShell label={props.label} hint={props.hint} error={props.error}>
      {(control) => (
        <textarea
          id={control.id}
          required={props.required}
          minLength={props.minLength}
          maxLength={props.maxLength}
          rows={props.rows ?? 2}
          value={props.value}
          onInput={(event) => props.onValue(event.currentTarget.value)}
          aria-invalid={control.invalid}
          aria-describedby={control.describedBy}
        />
      )}
    </FieldShell>
  )
}

/** A labelled select, like Field. */
export function SelectField(
  props: Labelled & {
    options: ReadonlyArray<{ value: string; label: string }>
    disabled?: boolean
  },
) {
  return (
    <FieldShell label={props.label} hint={props.hint} error={props.error}>
      {(control) => (
        <select
          id={control.id}
          disabled={props.disabled}
          onChange={(event) => props.onValue(event.currentTarget.value)}
          aria-invalid={control.invalid}
          aria-describedby={control.describedBy}
        >
          {props.options.map((option) => (
            <option value={option.value} selected={option.value === props.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  )
}
