import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { accountsApi } from '../../api/accounts';
import { isApiError } from '../../api/client';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Fields';
import { countryOptions } from '../../lib/options';
import { fieldErrors } from '../../lib/problems';
import { useCountry } from '../../lib/session';
import { usePageTitle } from '../../lib/usePageTitle';
import { checkDisplayName, checkEmail, checkPassword, type Errors, hasErrors, PASSWORD_MIN } from '../../lib/validation';
import { AuthCard, useAuthFlow } from './AuthCard';

type Field = 'displayName' | 'email' | 'password';

/** The text fields, in order, with the same rules as the server's schema. */
const fields: Array<{
  name: Field;
  label: string;
  type?: string;
  autoComplete: string;
  maxLength?: number;
  hint?: string;
  check: (v: string) => string | undefined;
}> = [
  { name: 'displayName', label: 'Display name', autoComplete: 'nickname', maxLength: 80, check: checkDisplayName },
  { name: 'email', label: 'Email', type: 'email', autoComplete: 'email', maxLength: 254, check: checkEmail },
  {
    name: 'password',
    label: 'Password',
    type: 'password',
    autoComplete: 'new-password',
    hint: `At least ${PASSWORD_MIN} characters. A passphrase is great.`,
    check: checkPassword,
  },
];

export function SignUpPage() {
  usePageTitle('Create an account');
  const { finish, switchLink } = useAuthFlow();
  const [values, setValues] = useState<Record<Field, string>>({ displayName: '', email: '', password: '' });
  const [country, setCountry] = useState(useCountry());
  const [errors, setErrors] = useState<Errors<Field>>({});
  const signUp = useMutation({
    mutationFn: accountsApi.signUp,
    onSuccess: ({ user }) => finish(`Welcome to Orchard, ${user.displayName}!`),
    onError: (err) => {
      const server = fieldErrors(err);
      if (isApiError(err) && err.code === 'email_taken') server.email = 'An account with this email already exists.';
      setErrors((e) => ({ ...e, ...server }));
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs = Object.fromEntries(fields.map((f) => [f.name, f.check(values[f.name])])) as Errors<Field>;
    setErrors(errs);
    if (!hasErrors(errs))
      signUp.mutate({ displayName: values.displayName.trim(), email: values.email.trim(), password: values.password, country });
  };

  return (
    <AuthCard
      title="Create your account"
      lead="One account to buy, download and review apps — and to publish your own."
      footer={<>Already have an account? {switchLink('/signin', 'Sign in')}</>}
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        {fields.map((f) => (
          <TextField
            key={f.name}
            label={f.label}
            type={f.type}
            autoComplete={f.autoComplete}
            maxLength={f.maxLength}
            hint={f.hint}
            value={values[f.name]}
            error={errors[f.name]}
            onChange={(e) => {
              const v = e.target.value;
              setValues((x) => ({ ...x, [f.name]: v }));
              // Once a field has shown an error, re-check it as the person types.
              if (errors[f.name]) setErrors((x) => ({ ...x, [f.name]: f.check(v) }));
            }}
            onBlur={() => values[f.name] && setErrors((x) => ({ ...x, [f.name]: f.check(values[f.name]) }))}
          />
        ))}
        <SelectField
          label="Country or region"
          value={country}
          onChange={(e) => setCountry(e.target.value)}
          options={countryOptions}
          hint="Sets your storefront: prices and currency."
        />
        <ErrorNotice error={signUp.error} />
        <button type="submit" className="btn btn--primary btn--block" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthCard>
  );
}
