using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Syntaskio.Api.Auth;

public static class AuthenticationSetup
{
    public static WebApplicationBuilder AddSyntaskioAuthentication(this WebApplicationBuilder builder)
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        builder
            .Services.AddOptions<AuthOptions>()
            .Bind(builder.Configuration.GetSection(AuthOptions.Section))
            .ValidateDataAnnotations()
            .Validate(
                options => isDevelopment || string.IsNullOrWhiteSpace(options.DevSigningKey),
                "Auth:DevSigningKey is for Development only; production tokens are verified against Auth:Authority."
            )
            .ValidateOnStart();
        builder
            .Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, EventTicketAuthentication>(
                EventTicketAuthentication.SchemeName,
                null
            )
            .AddCookie(SupportSession.SchemeName, SupportSession.Configure);
        builder
            .Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value, isDevelopment));
        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(SupportPolicies.Support, policy =>
                policy.RequireAuthenticatedUser().AddRequirements(new SupportRoleRequirement(readOnlyAllowed: false))
            )
            .AddPolicy(SupportPolicies.Dashboard, policy =>
                policy
                    .AddAuthenticationSchemes(SupportSession.SchemeName, JwtBearerDefaults.AuthenticationScheme)
                    .RequireAuthenticatedUser()
                    .AddRequirements(new SupportRoleRequirement(readOnlyAllowed: true))
            )
            .AddPolicy(IntakePolicy.Name, policy =>
                policy.RequireAuthenticatedUser().AddRequirements(new IntakeRoleRequirement())
            );
        builder.Services.AddSingleton<IAuthorizationHandler, SupportRoleHandler>();
        builder.Services.AddSingleton<IAuthorizationHandler, IntakeRoleHandler>();
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, bool isDevelopment)
    {
        // Keep "sub" as "sub": it maps to users.external_id.
        jwt.MapInboundClaims = false;
        if (!string.IsNullOrWhiteSpace(auth.Authority))
            jwt.Authority = auth.Authority;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            NameClaimType = "sub",
            RoleClaimType = "role",
            IssuerSigningKey = isDevelopment && auth.DevKeyBytes() is { } key ? new SymmetricSecurityKey(key) : null,
        };
    }
}
