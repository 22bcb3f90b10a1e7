import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { accountsApi } from '../../api/accounts';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Fields';
import { usePageTitle } from '../../lib/usePageTitle';
import { checkEmail, type Errors, hasErrors } from '../../lib/validation';
import { AuthCard, useAuthFlow } from './AuthCard';

export function SignInPage() {
  usePageTitle('Sign in');
  const { finish, switchLink } = useAuthFlow();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors<'email' | 'password'>>({});
  const signIn = useMutation({
    mutationFn: accountsApi.signIn,
    onSuccess: ({ user }) => finish(`Welcome back, ${user.displayName}.`),
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs = { email: checkEmail(email), password: password ? undefined : 'Enter your password.' };
    setErrors(errs);
    if (!hasErrors(errs)) signIn.mutate({ email: email.trim(), password });
  };

  return (
    <AuthCard title="Sign in" lead="Welcome back to Orchard." footer={<>New here? {switchLink('/signup', 'Create an account')}</>}>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <ErrorNotice error={signIn.error} />
        <button type="submit" className="btn btn--primary btn--block" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
