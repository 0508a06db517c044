// The forms that connect each vendor's account. Microsoft signs in at its identity platform; ConnectWise and Process
// Plan take keys, which the API checks with a real read before it stores them. What the API refuses shows next to
// its field, and the vendor's refusal above the fields; nothing is stored then.
const accountForms = {
    microsoft: {
        submit: 'Connect Microsoft To Do',
        fields: [{ name: 'loginHint', id: 'login-hint', label: 'Microsoft account', type: 'email', optional: true }],
    },
    connectwise: {
        submit: 'Connect ConnectWise',
        fields: [
            { name: 'site', label: 'Site', hint: 'for example na.myconnectwise.net' },
            { name: 'companyId', label: 'Company id' },
            { name: 'publicKey', label: 'Public key' },
            { name: 'privateKey', label: 'Private key', type: 'password' },
            { name: 'clientId', label: 'Client id' },
        ],
    },
    processplan: {
        submit: 'Connect Process Plan',
        fields: [
            { name: 'apiToken', label: 'API token', type: 'password' },
            { name: 'baseUrl', label: 'Regional address', hint: 'for example https://apius0.processplan.com' },
        ],
    },
};

function accountForm(provider) {
    const spec = accountForms[provider];
    const form = document.createElement('form');
    form.id = `connect-${provider}`;
    form.noValidate = true;
    const refused = document.createElement('p');
    refused.className = 'form-error';
    refused.setAttribute('role', 'alert');
    refused.hidden = true;
    form.append(refused);
    for (const field of spec.fields) {
        const id = field.id ?? `${provider}-${field.name}`;
        const label = document.createElement('label');
        label.htmlFor = id;
        label.textContent = field.optional ? `${field.label} (optional)` : field.label;
        const input = document.createElement('input');
        Object.assign(input, { id, name: field.name, type: field.type ?? 'text', autocomplete: 'off' });
        if (field.hint) input.placeholder = field.hint;
        const error = document.createElement('p');
        error.className = 'field-error';
        error.id = `${id}-error`;
        error.hidden = true;
        input.setAttribute('aria-describedby', error.id);
        form.append(label, input, error);
    }
    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.className = 'primary';
    submit.textContent = spec.submit;
    form.append(submit);
    form.addEventListener('submit', (e) => {
        e.preventDefault();
        submitAccount(provider, form).catch(showError);
    });
    return form;
}

async function submitAccount(provider, form) {
    showAccountErrors(form, null, null);
    const fields = Object.fromEntries(new FormData(form));
    if (provider === 'microsoft') {
        location.href = (await api.authorizeMicrosoft(fields.loginHint.trim())).authorizeUrl;
        return;
    }
    try {
        await api.connect(provider, fields);
    } catch (error) {
        showAccountErrors(form, error.errors, error.errors ? null : error);
        return;
    }
    showNotice(`${providerNames[provider]} is connected.`, 'ok');
    await renderConnections();
}

function showAccountErrors(form, errors, refusal) {
    for (const input of form.querySelectorAll('input')) {
        const message = errors?.[input.name]?.join(' ');
        const error = el(`${input.id}-error`);
        error.textContent = message ?? '';
        error.hidden = !message;
        input.setAttribute('aria-invalid', String(Boolean(message)));
    }
    const refused = form.querySelector('.form-error');
    refused.textContent = refusal ? [refusal.title, refusal.message].filter(Boolean).join(': ') : '';
    refused.hidden = !refusal;
    const first = form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
}
