import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { accountsApi } from '../../api/accounts';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Fields';
import { useToast } from '../../components/Toast';
import { useRefreshSession } from '../../lib/session';
import { usePageTitle } from '../../lib/usePageTitle';
import { checkEmail, type Errors, hasErrors, safeNext } from '../../lib/validation';
import { AuthCard } from './AuthCard';

export function SignInPage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const refresh = useRefreshSession();
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors<'email' | 'password'>>({});
  const signIn = useMutation({
    mutationFn: accountsApi.signIn,
    onSuccess: async ({ user }) => {
      await refresh();
      toast(`Welcome back, ${user.displayName}.`);
      navigate(next, { replace: true });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs = { email: checkEmail(email), password: password ? undefined : 'Enter your password.' };
    setErrors(errs);
    if (!hasErrors(errs)) signIn.mutate({ email: email.trim(), password });
  };

  return (
    <AuthCard
      title="Sign in"
      lead="Welcome back to Orchard."
      footer={
        <>
          New here? <Link to={`/signup${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>Create an account</Link>
        </>
      }
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          required
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          required
        />
        <ErrorNotice error={signIn.error} />
        <button type="submit" className="btn btn--primary btn--block" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
