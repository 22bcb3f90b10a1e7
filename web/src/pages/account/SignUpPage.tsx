import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { accountsApi } from '../../api/accounts';
import { isApiError } from '../../api/client';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Fields';
import { useToast } from '../../components/Toast';
import { countryOptions } from '../../lib/options';
import { fieldErrors } from '../../lib/problems';
import { useCountry, useRefreshSession } from '../../lib/session';
import { usePageTitle } from '../../lib/usePageTitle';
import { checkDisplayName, checkEmail, checkPassword, type Errors, hasErrors, PASSWORD_MIN, safeNext } from '../../lib/validation';
import { AuthCard } from './AuthCard';

type Field = 'displayName' | 'email' | 'password';
const checks: Record<Field, (v: string) => string | undefined> = {
  displayName: checkDisplayName,
  email: checkEmail,
  password: checkPassword,
};

export function SignUpPage() {
  usePageTitle('Create an account');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const refresh = useRefreshSession();
  const toast = useToast();
  const [values, setValues] = useState<Record<Field, string>>({ displayName: '', email: '', password: '' });
  const [country, setCountry] = useState(useCountry());
  const [errors, setErrors] = useState<Errors<Field>>({});
  const signUp = useMutation({
    mutationFn: accountsApi.signUp,
    onSuccess: async ({ user }) => {
      await refresh();
      toast(`Welcome to Orchard, ${user.displayName}!`);
      navigate(next, { replace: true });
    },
    onError: (err) => {
      const server = fieldErrors(err);
      if (isApiError(err) && err.code === 'email_taken') server.email = 'An account with this email already exists.';
      setErrors((e) => ({ ...e, ...server }));
    },
  });

  const set = (f: Field) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [f]: e.target.value }));
    if (errors[f]) setErrors((x) => ({ ...x, [f]: checks[f](e.target.value) }));
  };
  const blur = (f: Field) => () => values[f] && setErrors((x) => ({ ...x, [f]: checks[f](values[f]) }));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs = {
      displayName: checks.displayName(values.displayName),
      email: checks.email(values.email),
      password: checks.password(values.password),
    };
    setErrors(errs);
    if (!hasErrors(errs))
      signUp.mutate({ displayName: values.displayName.trim(), email: values.email.trim(), password: values.password, country });
  };

  return (
    <AuthCard
      title="Create your account"
      lead="One account to buy, download and review apps — and to publish your own."
      footer={
        <>
          Already have an account? <Link to={`/signin${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>Sign in</Link>
        </>
      }
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Display name"
          name="displayName"
          autoComplete="nickname"
          value={values.displayName}
          onChange={set('displayName')}
          onBlur={blur('displayName')}
          error={errors.displayName}
          maxLength={80}
          required
        />
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          value={values.email}
          onChange={set('email')}
          onBlur={blur('email')}
          error={errors.email}
          required
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set('password')}
          onBlur={blur('password')}
          error={errors.password}
          hint={`At least ${PASSWORD_MIN} characters. A passphrase is great.`}
          required
        />
        <SelectField
          label="Country or region"
          name="country"
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
